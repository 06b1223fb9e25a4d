package io.hubia.runtime.ingest.cmis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.chemistry.opencmis.inmemory.ConfigConstants;
import org.apache.chemistry.opencmis.inmemory.server.InMemoryServiceFactoryImpl;
import org.apache.chemistry.opencmis.server.impl.browser.CmisBrowserBindingServlet;
import org.apache.chemistry.opencmis.server.shared.UserPrincipalCallContextHandler;
import org.eclipse.jetty.security.ConstraintMapping;
import org.eclipse.jetty.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.security.Constraint;
import org.eclipse.jetty.util.security.Credential;

/**
 * A real CMIS server in the test JVM: Apache Chemistry's InMemory repository behind the OpenCMIS
 * Browser binding servlet, in an embedded Jetty on 127.0.0.1 (random port). Jetty checks HTTP Basic
 * credentials against the given users, as a document management system does, and hands the
 * authenticated user to the repository, which applies its ACLs to that user.
 *
 * <p>The repository holds the document types of {@code ingest/cmis/hubia-types.xml} besides the
 * CMIS base types, and supports ACLs (capability {@code manage}).
 */
final class InMemoryCmisServer implements AutoCloseable {
  /** Context attribute where the Browser binding servlet finds its service factory. */
  private static final String SERVICES_FACTORY = "org.apache.chemistry.opencmis.servicesfactory";

  private final Server server;
  private final InMemoryServiceFactoryImpl factory;
  private final String url;

  private InMemoryCmisServer(Server server, InMemoryServiceFactoryImpl factory, String url) {
    this.server = server;
    this.factory = factory;
    this.url = url;
  }

  /**
   * Starts a server with one repository.
   *
   * @param repositoryId id of the repository
   * @param users user name to password
   * @param work folder for the type definitions file and the repository's temporary files
   */
  static InMemoryCmisServer start(String repositoryId, Map<String, String> users, Path work)
      throws Exception {
    Path types = work.resolve("hubia-types.xml");
    try (InputStream in =
        InMemoryCmisServer.class.getResourceAsStream("/ingest/cmis/hubia-types.xml")) {
      Files.copy(in, types, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> parameters = new HashMap<>();
    parameters.put("class", InMemoryServiceFactoryImpl.class.getName());
    parameters.put(ConfigConstants.REPOSITORY_ID, repositoryId);
    parameters.put(ConfigConstants.TYPE_XML, types.toString());
    parameters.put(ConfigConstants.TEMP_DIR, work.toString());
    InMemoryServiceFactoryImpl factory = new InMemoryServiceFactoryImpl();
    factory.init(parameters);

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context =
        new ServletContextHandler(
            ServletContextHandler.NO_SESSIONS | ServletContextHandler.SECURITY);
    context.setContextPath("/cmis");
    context.setAttribute(SERVICES_FACTORY, factory);
    ServletHolder browser = new ServletHolder(new CmisBrowserBindingServlet());
    browser.setInitParameter("callContextHandler", UserPrincipalCallContextHandler.class.getName());
    browser.setInitParameter("cmisVersion", "1.1");
    context.addServlet(browser, "/browser/*");
    context.setSecurityHandler(basicAuth(users));
    server.setHandler(context);
    server.start();
    String url = "http://127.0.0.1:" + connector.getLocalPort() + "/cmis/browser";
    return new InMemoryCmisServer(server, factory, url);
  }

  private static ConstraintSecurityHandler basicAuth(Map<String, String> users) {
    UserStore store = new UserStore();
    users.forEach(
        (user, password) ->
            store.addUser(user, Credential.getCredential(password), new String[] {"user"}));
    HashLoginService login = new HashLoginService("Hubia CMIS test");
    login.setUserStore(store);

    Constraint constraint = new Constraint(Constraint.__BASIC_AUTH, "user");
    constraint.setAuthenticate(true);
    constraint.setRoles(new String[] {"user"});
    ConstraintMapping mapping = new ConstraintMapping();
    mapping.setPathSpec("/*");
    mapping.setConstraint(constraint);

    ConstraintSecurityHandler security = new ConstraintSecurityHandler();
    security.setAuthenticator(new BasicAuthenticator());
    security.setLoginService(login);
    security.setConstraintMappings(List.of(mapping));
    return security;
  }

  /** Service URL of the Browser binding. */
  String url() {
    return url;
  }

  @Override
  public void close() throws Exception {
    server.stop();
    factory.destroy();
  }
}
