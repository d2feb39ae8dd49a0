package dev.inference.gateway.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Makes a verified JWT a {@link Caller}: {@code sub} is the actor, {@code org_id} its organization, and only the
 * groups {@code inference-admin} and {@code inference-viewer} grant roles (any other group, even one named like a
 * role, grants nothing). A token without a subject or an organization is refused (401).
 */
@ApplicationScoped
public class JwtCallerAugmentor implements SecurityIdentityAugmentor {
    static final String ORGANIZATION_CLAIM = "org_id";
    static final Map<String, String> GROUP_ROLES = Map.of("inference-admin", Roles.ADMIN,
            "inference-viewer", Roles.VIEWER);

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        Object organization = jwt.getClaim(ORGANIZATION_CLAIM);
        String subject = jwt.getSubject();
        if (!(organization instanceof String || organization instanceof jakarta.json.JsonString)
                || organization.toString().isBlank() || subject == null || subject.isBlank()) {
            return Uni.createFrom().failure(new AuthenticationFailedException(
                    "the token has no subject (sub) or no organization (org_id)"));
        }
        String organizationId = organization instanceof jakarta.json.JsonString s ? s.getString()
                : organization.toString();
        Set<String> roles = new HashSet<>();
        for (String group : jwt.getGroups() == null ? Set.<String>of() : jwt.getGroups()) {
            String role = GROUP_ROLES.get(group);
            if (role != null) {
                roles.add(role);
            }
        }
        Caller caller = new Caller(organizationId, subject, jwt.getIssuer(), Caller.JWT, roles);
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.principalName()))
                .addRoles(caller.roles())
                .addCredentials(identity.getCredentials())
                .addAttribute(Caller.ATTRIBUTE, caller)
                .build());
    }
}
