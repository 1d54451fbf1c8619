package app.banter.platform.web;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import app.banter.platform.error.Problem;

@OpenAPIDefinition(
        info = @Info(title = "Banter API", version = "v1",
                description = "Phone sign-in, profiles, friends, chat, calls, rooms and coins for the Banter apps. "
                        + "Errors are application/problem+json with a stable `code`."),
        components = @Components(
                securitySchemes = @SecurityScheme(securitySchemeName = OpenApiContract.BEARER,
                        type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
                        description = "Access token from /api/v1/auth/firebase, /register or /refresh"),
                // Named here because no resource method returns it: OpenApiContract points every failure at it.
                schemas = @Schema(name = "Problem", implementation = Problem.class)))
public class OpenApiDefinition extends Application {
}
