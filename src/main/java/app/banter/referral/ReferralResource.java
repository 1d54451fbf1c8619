package app.banter.referral;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import app.banter.platform.paging.PageRequest;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

/** The signed-in user's own referrals. No path names a user: whose they are comes from the access token. */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/referrals")
@Authenticated
@Tag(name = "Referrals", description = "Your referral code, what to share, and the people you referred")
@SecurityRequirement(name = "bearer")
public class ReferralResource {

    private final ReferralService referrals;
    private final CurrentUser me;

    ReferralResource(ReferralService referrals, CurrentUser me) {
        this.referrals = referrals;
        this.me = me;
    }

    @GET
    @Operation(summary = "Your referral code, a share text with your link, coins referrals earned you, and the people "
            + "you referred with whether each referral paid you (PENDING, REWARDED or NOT_REWARDED), newest first "
            + "(cursor-paginated)")
    @ProblemCodes({})
    public ReferralsView referrals(@Valid @BeanParam PageRequest page) {
        return referrals.view(me.id(), page.cursor(), page.limit());
    }
}
