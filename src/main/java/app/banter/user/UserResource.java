package app.banter.user;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import app.banter.platform.paging.Page;
import app.banter.platform.paging.PageRequest;
import app.banter.platform.ratelimit.ClientAddress;
import app.banter.platform.ratelimit.RateLimiter;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/users")
@Authenticated
@Tag(name = "Users", description = "Other people's public profiles")
@SecurityRequirement(name = "bearer")
public class UserResource {

    private final UserService users;
    private final RateLimiter rateLimiter;
    private final ClientAddress client;
    private final UserConfig config;
    private final CurrentUser me;

    UserResource(UserService users, RateLimiter rateLimiter, ClientAddress client, UserConfig config, CurrentUser me) {
        this.users = users;
        this.me = me;
        this.rateLimiter = rateLimiter;
        this.client = client;
        this.config = config;
    }

    @GET
    @Operation(summary = "Discover people: by username or name prefix, language, interests (any of them), and the "
            + "opt-in \"online now\" list; filters combine, at least one is needed (cursor-paginated, by username; "
            + "rate-limited, every page counted)")
    @APIResponse(responseCode = "200", description = "A page of people")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @ProblemCodes({"429 RATE_LIMITED"})
    public Page<PublicProfileView> search(
            @RestQuery @Size(max = 40) String q,
            @RestQuery @Pattern(regexp = ProfileRules.LANGUAGE, message = ProfileRules.LANGUAGE_MESSAGE) String language,
            @Parameter(description = "An interest; repeat for several (matches people with any of them)")
            @RestQuery @Size(max = ProfileRules.MAX_INTERESTS) List<@Pattern(regexp = ProfileRules.INTEREST) String> interest,
            @Parameter(description = "Only people online now who opted in (PUT /api/v1/me/privacy listedInOnlineNow)")
            @RestQuery boolean online,
            @Valid @BeanParam PageRequest page) {
        return users.search(me.id(), new DiscoverFilter(q, language, interest, online), page.cursor(), page.limit());
    }

    @GET
    @Path("/{userId}")
    @Operation(summary = "A user's public profile (no phone number, no date of birth)")
    @ProblemCodes({})
    public PublicProfileView profile(@RestPath UUID userId) {
        return users.publicProfile(me.id(), userId);
    }

    @GET
    @Path("/username-availability")
    @PermitAll
    @SecurityRequirementsSet
    @Operation(summary = "Whether a username is free; open to clients that are still registering")
    @APIResponse(responseCode = "200", description = "Whether the username is free")
    @APIResponse(responseCode = "429", description = "RATE_LIMITED, with Retry-After")
    @ProblemCodes({"429 RATE_LIMITED"})
    public UsernameAvailability usernameAvailability(
            @RestQuery @NotNull @Pattern(regexp = ProfileRules.USERNAME, message = ProfileRules.USERNAME_MESSAGE) String username) {
        rateLimiter.acquire("username-availability", client.ip(),
                new RateLimiter.Limit(config.availabilityChecksPerMinute(), Duration.ofMinutes(1)));
        return new UsernameAvailability(username.toLowerCase(Locale.ROOT), users.isUsernameAvailable(username));
    }

    public record UsernameAvailability(String username, boolean available) {
    }
}
