package io.hubia.runtime.ingest.cmis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.chemistry.opencmis.commons.data.Ace;
import org.apache.chemistry.opencmis.commons.data.PermissionMapping;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.AccessControlEntryImpl;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.AccessControlListImpl;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.AccessControlPrincipalDataImpl;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.AclCapabilitiesDataImpl;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.PermissionMappingDataImpl;
import org.apache.chemistry.opencmis.commons.impl.dataobjects.RepositoryInfoImpl;
import org.junit.jupiter.api.Test;

class AclPrincipalsTest {
  private static final String CONSUMER = "{http://www.alfresco.org/model/content/1.0}cm:Consumer";
  private static final AclPrincipals BASIC = new AclPrincipals(AclPrincipals.BASIC_READ);

  private static Ace ace(String principal, boolean direct, String... permissions) {
    AccessControlEntryImpl ace =
        new AccessControlEntryImpl(
            new AccessControlPrincipalDataImpl(principal), Arrays.asList(permissions));
    ace.setDirect(direct);
    return ace;
  }

  private static AccessControlListImpl acl(Ace... aces) {
    return new AccessControlListImpl(Arrays.asList(aces));
  }

  @Test
  void readWriteAndAllEachGrantRead() {
    assertThat(
            BASIC.principals(
                acl(
                    ace("lyon-branch", true, "cmis:read"),
                    ace("juristes", true, "cmis:write"),
                    ace("direction", true, "cmis:all"))))
        .containsExactly("direction", "juristes", "lyon-branch");
  }

  @Test
  void inheritedAcesCountAsDirectOnes() {
    assertThat(
            BASIC.principals(
                acl(ace("GROUP_lille", false, "cmis:read"), ace("alice", true, "cmis:write"))))
        .containsExactly("GROUP_lille", "alice");
  }

  @Test
  void anyonePrincipalsAreKeptAsTheRepositoryNamesThem() {
    assertThat(
            BASIC.principals(
                acl(ace("anyone", true, "cmis:read"), ace("GROUP_EVERYONE", false, "cmis:read"))))
        .containsExactly("GROUP_EVERYONE", "anyone");
  }

  @Test
  void permissionsThatDoNotReadAreLeftOutAndPrincipalsAreDistinct() {
    assertThat(
            BASIC.principals(
                acl(
                    ace("auditeurs", true, "{http://example.org}ReadAcl"),
                    ace("sans-droit", true),
                    ace("lyon-branch", false, "cmis:read"),
                    ace("lyon-branch", true, "cmis:write", "{http://example.org}Custom"),
                    ace(" ", true, "cmis:read"))))
        .containsExactly("lyon-branch");
  }

  @Test
  void noAclMeansNoPrincipal() {
    assertThat(BASIC.principals(null)).isEmpty();
    assertThat(BASIC.principals(acl())).isEmpty();
  }

  @Test
  void theRepositoryPermissionMappedAloneToViewingContentAlsoReads() {
    AclPrincipals acls = AclPrincipals.of(repository(List.of(CONSUMER)));

    assertThat(acls.readPermissions())
        .containsExactlyInAnyOrder("cmis:read", "cmis:write", "cmis:all", CONSUMER);
    assertThat(acls.principals(acl(ace("GROUP_rh", true, CONSUMER)))).containsExactly("GROUP_rh");
  }

  @Test
  void aMappingToSeveralPermissionsAddsNone() {
    AclPrincipals acls = AclPrincipals.of(repository(List.of(CONSUMER, "{x}Reader")));

    assertThat(acls.readPermissions()).isEqualTo(AclPrincipals.BASIC_READ);
    assertThat(AclPrincipals.of(new RepositoryInfoImpl()).readPermissions())
        .isEqualTo(Set.of("cmis:read", "cmis:write", "cmis:all"));
  }

  private static RepositoryInfoImpl repository(List<String> viewContent) {
    PermissionMappingDataImpl mapping = new PermissionMappingDataImpl();
    mapping.setKey(PermissionMapping.CAN_VIEW_CONTENT_OBJECT);
    mapping.setPermissions(viewContent);
    AclCapabilitiesDataImpl capabilities = new AclCapabilitiesDataImpl();
    capabilities.setPermissionMappingData(
        Map.of(PermissionMapping.CAN_VIEW_CONTENT_OBJECT, mapping));
    RepositoryInfoImpl info = new RepositoryInfoImpl();
    info.setAclCapabilities(capabilities);
    return info;
  }
}
