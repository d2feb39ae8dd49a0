package dev.inference.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Static tokens: named callers of one organization and role, refused altogether unless enabled. */
class StaticTokensTest {
    static final Duration WAIT = Duration.ofSeconds(5);

    static SecurityIdentity authenticate(TokenRegistry registry, String token) {
        return new StaticTokenIdentityProvider(registry).authenticate(new StaticTokenRequest(token), null)
                .await().atMost(WAIT);
    }

    @Test
    void aTokenIsACallerNamedAfterIt() {
        TokenRegistry registry = new TokenRegistry(List.of("s3cret=acme:admin:ci-pipeline", "other=acme:viewer"), true);
        SecurityIdentity named = authenticate(registry, "s3cret");
        Caller caller = named.getAttribute(Caller.ATTRIBUTE);
        assertThat(caller).isEqualTo(new Caller("acme", "ci-pipeline", Caller.STATIC_ISSUER, Caller.STATIC_TOKEN,
                java.util.Set.of("admin")));
        assertThat(named.getPrincipal().getName()).isEqualTo("gateway.auth.tokens#ci-pipeline");
        assertThat(named.getRoles()).containsExactly("admin");
        Caller unnamed = authenticate(registry, "other").getAttribute(Caller.ATTRIBUTE);
        assertThat(unnamed.subject()).isEqualTo("token-2");
        assertThatThrownBy(() -> authenticate(registry, "nope")).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void staticTokensAreRefusedUnlessEnabled() {
        TokenRegistry registry = new TokenRegistry(List.of("s3cret=acme:admin:ci"), false);
        assertThatThrownBy(() -> authenticate(registry, "s3cret")).isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("static tokens are off");
    }

    @Test
    void entriesAreCheckedWithoutShowingTheToken() {
        for (String bad : List.of("s3cret", "s3cret=acme", "s3cret=acme:root", "s3cret=:admin", "s3cret=acme:admin:")) {
            assertThatThrownBy(() -> new TokenRegistry(List.of(bad), true)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("s3cret");
        }
        assertThatThrownBy(() -> new TokenRegistry(List.of("a=acme:admin:ci", "b=acme:viewer:ci"), true))
                .hasMessageContaining("repeats the name \"ci\"");
    }

    @Test
    void onlyJwtShapedTokensGoToTheJwtVerifier() {
        assertThat(BearerTokenMechanism.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")).isTrue();
        for (String token : List.of("dev-acme-admin", "eyJ.only-one-dot", "eyJa.b.c.d", "eyJ a.b.c", "abc.def.ghi")) {
            assertThat(BearerTokenMechanism.looksLikeJwt(token)).as(token).isFalse();
        }
    }
}
