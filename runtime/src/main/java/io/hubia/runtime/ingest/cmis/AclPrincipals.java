package io.hubia.runtime.ingest.cmis;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.chemistry.opencmis.commons.BasicPermissions;
import org.apache.chemistry.opencmis.commons.data.Ace;
import org.apache.chemistry.opencmis.commons.data.Acl;
import org.apache.chemistry.opencmis.commons.data.AclCapabilities;
import org.apache.chemistry.opencmis.commons.data.PermissionMapping;
import org.apache.chemistry.opencmis.commons.data.RepositoryInfo;

/**
 * The principals a document's ACL lets read it: those of every ACE, direct or inherited, that
 * grants {@code cmis:read}, {@code cmis:write} or {@code cmis:all} (each implies reading), or the
 * one repository permission that the repository maps {@code canViewContent.Object} to.
 *
 * <p>Principals are kept as the repository names them, groups and the "anyone" principal included
 * ({@code anyone}, Alfresco's {@code GROUP_EVERYONE}): label rules ({@code aclPrincipal}) turn them
 * into labels. Immutable.
 */
final class AclPrincipals {
  /** The CMIS basic permissions, each of which lets a principal read. */
  static final Set<String> BASIC_READ =
      Set.of(BasicPermissions.READ, BasicPermissions.WRITE, BasicPermissions.ALL);

  private final Set<String> readPermissions;

  AclPrincipals(Set<String> readPermissions) {
    this.readPermissions = Set.copyOf(readPermissions);
  }

  /**
   * The read permissions of a repository: the basic ones, plus the permission its permission
   * mapping gives for viewing content when that mapping names a single permission (a mapping to
   * several permissions may require them all, so none of them alone is taken as reading).
   */
  static AclPrincipals of(RepositoryInfo info) {
    Set<String> permissions = new TreeSet<>(BASIC_READ);
    AclCapabilities capabilities = info == null ? null : info.getAclCapabilities();
    Map<String, PermissionMapping> mapping =
        capabilities == null ? null : capabilities.getPermissionMapping();
    PermissionMapping viewContent =
        mapping == null ? null : mapping.get(PermissionMapping.CAN_VIEW_CONTENT_OBJECT);
    if (viewContent != null
        && viewContent.getPermissions() != null
        && viewContent.getPermissions().size() == 1) {
      permissions.add(viewContent.getPermissions().get(0));
    }
    return new AclPrincipals(permissions);
  }

  /** The permissions taken as granting read. */
  Set<String> readPermissions() {
    return readPermissions;
  }

  /** The principals {@code acl} grants read to, sorted and distinct; empty for a null ACL. */
  List<String> principals(Acl acl) {
    if (acl == null || acl.getAces() == null) {
      return List.of();
    }
    TreeSet<String> principals = new TreeSet<>();
    for (Ace ace : acl.getAces()) {
      if (ace == null || !grantsRead(ace)) {
        continue;
      }
      String principal = ace.getPrincipalId();
      if (principal != null && !principal.isBlank()) {
        principals.add(principal.strip());
      }
    }
    return List.copyOf(principals);
  }

  private boolean grantsRead(Ace ace) {
    List<String> permissions = ace.getPermissions();
    return permissions != null
        && permissions.stream().filter(Objects::nonNull).anyMatch(readPermissions::contains);
  }
}
