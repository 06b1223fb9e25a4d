package io.hubia.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.runtime.audit.AuditUnavailableException;
import io.hubia.runtime.identity.AuthenticationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {
  private static UriInfo path(String path) {
    return (UriInfo)
        Proxy.newProxyInstance(
            UriInfo.class.getClassLoader(),
            new Class<?>[] {UriInfo.class},
            (proxy, method, args) -> method.getName().equals("getPath") ? path : null);
  }

  @Test
  void anUnwritableAuditTrailIsA503WithoutItsCause() {
    Response r =
        new ProblemMappers()
            .auditUnavailable(
                new AuditUnavailableException(
                    "audit event not written: PSQLException Connection to audit:5432 refused"),
                path("/v1/agents/a/ask"));
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(r.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    Problem p = (Problem) r.getEntity();
    assertThat(p.type()).isEqualTo("https://hubia.io/problems/audit-unavailable");
    assertThat(p.detail()).doesNotContain("5432");
    assertThat(p.instance()).isEqualTo("/v1/agents/a/ask");
  }

  @Test
  void authenticationFailuresCarryABearerChallenge() {
    Response r =
        new ProblemMappers()
            .authentication(
                new AuthenticationException(AuthenticationException.Reason.EXPIRED),
                path("/v1/me"));
    assertThat(r.getStatus()).isEqualTo(401);
    assertThat(r.getHeaderString("WWW-Authenticate"))
        .isEqualTo(
            "Bearer realm=\"hubia\", error=\"invalid_token\", error_description=\"The bearer token"
                + " has expired.\"");
    assertThat(((Problem) r.getEntity()).type())
        .isEqualTo("https://hubia.io/problems/invalid-token");

    Response unavailable =
        new ProblemMappers()
            .authentication(
                new AuthenticationException(AuthenticationException.Reason.KEYS_UNAVAILABLE),
                path("/v1/me"));
    assertThat(unavailable.getStatus()).isEqualTo(503);
    assertThat(unavailable.getHeaderString("WWW-Authenticate")).isNull();
  }

  @Test
  void aLimitIsA429WithRetryAfterInSeconds() {
    Response r =
        new ProblemMappers()
            .limitExceeded(
                new LimitExceededException(
                    ProblemTypes.RATE_LIMITED, "Too many requests", "3 per minute.", 20),
                path("/v1/chat/completions"));
    assertThat(r.getStatus()).isEqualTo(429);
    assertThat(r.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    assertThat(r.getHeaderString("Retry-After")).isEqualTo("20");
    Problem p = (Problem) r.getEntity();
    assertThat(p.type()).isEqualTo("https://hubia.io/problems/rate-limited");
    assertThat(p.detail()).isEqualTo("3 per minute.");
    assertThat(p.instance()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void aBodyThatIsNotTheExpectedJsonIsAnInvalidRequestThatDoesNotRepeatIt() throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.core.JsonProcessingException wrongType = null;
    try {
      mapper.readValue("{\"question\": [\"CANARI-LYON-7Q2\"]}", AskRequest.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      wrongType = e;
    }
    assertThat(wrongType).isNotNull();
    Response r = new ProblemMappers().unreadableBody(wrongType, path("/v1/agents/a/ask"));
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    Problem p = (Problem) r.getEntity();
    assertThat(p.type()).isEqualTo("https://hubia.io/problems/invalid-request");
    assertThat(p.detail()).doesNotContain("CANARI").doesNotContain("question");
  }
}
