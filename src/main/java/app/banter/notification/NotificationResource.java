package app.banter.notification;

import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import io.quarkus.security.Authenticated;

import app.banter.platform.paging.Page;
import app.banter.platform.paging.PageRequest;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/notifications")
@Authenticated
@Tag(name = "Notifications", description = "The in-app list, and which pushes you get")
@SecurityRequirement(name = "bearer")
public class NotificationResource {

    public record UnreadCount(long count) {
    }

    public record Settings(@NotNull Set<@NotNull NotificationCategory> mutedCategories) {
    }

    private final Notifications notifications;
    private final CurrentUser me;

    NotificationResource(Notifications notifications, CurrentUser me) {
        this.notifications = notifications;
        this.me = me;
    }

    @GET
    @Operation(summary = "Your notifications, newest first (new ones also arrive as notification.new events)")
    @ProblemCodes({})
    public Page<NotificationView> list(@Valid @BeanParam PageRequest page) {
        return notifications.list(me.id(), page.cursor(), page.limit());
    }

    @GET
    @Path("/unread-count")
    @Operation(summary = "How many of your notifications are unread")
    @ProblemCodes({})
    public UnreadCount unreadCount() {
        return new UnreadCount(notifications.unreadCount(me.id()));
    }

    @POST
    @Path("/{notificationId}/read")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Mark one notification read (idempotent)")
    @APIResponse(responseCode = "204", description = "Read")
    @APIResponse(responseCode = "404", description = "NOT_FOUND: no such notification of yours")
    @ProblemCodes({"404 NOT_FOUND"})
    public Response markRead(@RestPath UUID notificationId) {
        notifications.markRead(me.id(), notificationId);
        return Response.noContent().build();
    }

    @POST
    @Path("/read-all")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Mark all your notifications read")
    @APIResponse(responseCode = "204", description = "All read")
    @ProblemCodes({})
    public Response markAllRead() {
        notifications.markAllRead(me.id());
        return Response.noContent().build();
    }

    @GET
    @Path("/settings")
    @Operation(summary = "The categories whose pushes you muted (the in-app list keeps everything)")
    @ProblemCodes({})
    public Settings settings() {
        return new Settings(notifications.mutedCategories(me.id()));
    }

    @PUT
    @Path("/settings")
    @Operation(summary = "Mute the pushes of these categories, unmute the others")
    @APIResponse(responseCode = "200", description = "The settings now")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED or INVALID_VALUE: an unknown category")
    @ProblemCodes({})
    public Settings updateSettings(@Valid @NotNull Settings settings) {
        return new Settings(notifications.muteCategories(me.id(), settings.mutedCategories()));
    }
}
