package dev.inference.gateway.api.http;

import dev.inference.gateway.api.contract.ErrorBody;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The REST application: every resource of the service at the root. It carries the OpenAPI document's definition:
 * its title and the error body every error answer has ({@link OpenApiContract} says which operation gives which).
 */
@OpenAPIDefinition(info = @Info(title = "Inference gateway control plane", version = "v1alpha1"),
        components = @Components(schemas = @Schema(name = "ErrorBody", implementation = ErrorBody.class)))
public class GatewayApplication extends Application {
}
