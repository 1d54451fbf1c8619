package app.banter.auth;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import app.banter.platform.ratelimit.ClientAddress;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/auth")
@Tag(name = "Auth", description = "Phone sign-in through Firebase OTP, registration, token refresh and logout")
public class AuthResource {

    private final AuthService auth;
    private final ClientAddress client;
    private final CurrentUser me;

    AuthResource(AuthService auth, ClientAddress client, CurrentUser me) {
        this.auth = auth;
        this.client = client;
        this.me = me;
    }

    @POST
    @Path("/firebase")
    @PermitAll
    @Operation(summary = "Exchange a Firebase phone-login ID token for Banter tokens, or a registration ticket "
            + "when the phone has no account yet")
    @APIResponse(responseCode = "200", description = "Signed in, or REGISTRATION_REQUIRED with a ticket")
    @APIResponse(responseCode = "401", description = "INVALID_ID_TOKEN")
    @APIResponse(responseCode = "403", description = "ACCOUNT_BANNED")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @APIResponse(responseCode = "503", description = "AUTH_PROVIDER_UNAVAILABLE, with Retry-After: the token cannot be "
            + "checked now (Google's keys out of reach); retry with the same token, no new OTP")
    @ProblemCodes({"401 INVALID_ID_TOKEN", "403 ACCOUNT_BANNED", "429 RATE_LIMITED", "503 AUTH_PROVIDER_UNAVAILABLE"})
    public SignInResponse signInWithFirebase(@NotNull @Valid AuthRequests.FirebaseSignIn request) {
        return auth.signInWithFirebase(request, client.ip());
    }

    @POST
    @Path("/register")
    @PermitAll
    @Operation(summary = "Create the account of a verified phone from its registration ticket and a profile")
    @APIResponse(responseCode = "201", description = "Registered and signed in", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignInResponse.class)))
    @APIResponse(responseCode = "401", description = "INVALID_REGISTRATION_TICKET")
    @APIResponse(responseCode = "403", description = "ACCOUNT_BANNED: a ban on an earlier, deleted account of this "
            + "phone carries over to the new one")
    @APIResponse(responseCode = "409", description = "USERNAME_TAKEN or ALREADY_REGISTERED")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @ProblemCodes({"400 UNDERAGE", "401 INVALID_REGISTRATION_TICKET", "403 ACCOUNT_BANNED", "409 USERNAME_TAKEN",
            "409 ALREADY_REGISTERED", "429 RATE_LIMITED"})
    public Response register(@NotNull @Valid AuthRequests.Register request) {
        return Response.status(Response.Status.CREATED).entity(auth.register(request, client.ip())).build();
    }

    @POST
    @Path("/refresh")
    @PermitAll
    @Operation(summary = "Rotate a refresh token: returns a new access and refresh token; a reused token ends the "
            + "whole session")
    @APIResponse(responseCode = "200", description = "New tokens")
    @APIResponse(responseCode = "401", description = "INVALID_REFRESH_TOKEN")
    @APIResponse(responseCode = "403", description = "ACCOUNT_BANNED")
    @ProblemCodes({"401 INVALID_REFRESH_TOKEN", "403 ACCOUNT_BANNED"})
    public SignInResponse refresh(@NotNull @Valid AuthRequests.Refresh request) {
        return auth.refresh(request.refreshToken());
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.WILDCARD)
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "End this session: its refresh token and access tokens stop working")
    @APIResponse(responseCode = "204", description = "Signed out")
    @ProblemCodes({})
    public Response logout() {
        auth.logout(me.sessionId());
        return Response.noContent().build();
    }

    @POST
    @Path("/dev-login")
    @PermitAll
    @Operation(summary = "Dev mode only: sign in with a bare phone number (404 unless enabled; production refuses "
            + "to start with it enabled)")
    @APIResponse(responseCode = "200", description = "Signed in, or REGISTRATION_REQUIRED with a ticket")
    @APIResponse(responseCode = "403", description = "ACCOUNT_BANNED")
    @APIResponse(responseCode = "404", description = "Dev login is not enabled")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @ProblemCodes({"403 ACCOUNT_BANNED", "404 NOT_FOUND", "429 RATE_LIMITED"})
    public SignInResponse devLogin(@NotNull @Valid AuthRequests.DevSignIn request) {
        return auth.signInForDevelopment(request.phoneNumber(), client.ip());
    }
}
