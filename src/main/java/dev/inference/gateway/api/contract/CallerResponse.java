package dev.inference.gateway.api.contract;

import java.util.List;

/** Who the caller is, as its token proved it: what a console shows and which actions it offers. */
public record CallerResponse(String organizationId, String subject, String issuer, String authMethod,
        List<String> roles) {
}
