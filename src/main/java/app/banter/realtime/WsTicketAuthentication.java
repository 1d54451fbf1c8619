package app.banter.realtime;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.Claims;

import app.banter.platform.security.AccessTokens;
import app.banter.platform.security.SessionRevocations;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates the websocket upgrade {@code GET /ws?ticket=...} with a ticket from {@link WsTickets}. Every other
 * request, and an upgrade that carries no ticket, is left to the bearer-token mechanism.
 */
@ApplicationScoped
public class WsTicketAuthentication implements HttpAuthenticationMechanism {

    static final String PATH = "/ws";
    static final String PARAMETER = "ticket";

    private final WsTickets tickets;
    private final SessionRevocations revocations;

    WsTicketAuthentication(WsTickets tickets, SessionRevocations revocations) {
        this.tickets = tickets;
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String ticket = context.request().getParam(PARAMETER);
        if (ticket == null || !PATH.equals(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        return tickets.redeem(ticket).flatMap(holder -> {
            if (holder.isEmpty()) {
                return Uni.createFrom().failure(new AuthenticationFailedException("unknown or used websocket ticket"));
            }
            WsTickets.Holder owner = holder.get();
            // A ticket lives in Redis: one still there was issued (by a request that passed the revocation check)
            // after Redis last lost its data, so it counts as issued now, and so does the socket it opens.
            long issuedAt = Instant.now().getEpochSecond();
            return revocations.isRevoked(owner.sessionId(), issuedAt).map(revoked -> {
                if (revoked) {
                    throw new AuthenticationFailedException("session revoked");
                }
                return (SecurityIdentity) QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(owner.userId().toString()))
                        .addRoles(owner.roles())
                        .addAttribute(AccessTokens.SESSION_CLAIM, owner.sessionId())
                        .addAttribute(Claims.iat.name(), issuedAt)
                        .build();
            });
        });
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
