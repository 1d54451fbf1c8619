package app.banter.wallet;

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

import app.banter.platform.paging.Page;
import app.banter.platform.paging.PageRequest;
import app.banter.platform.security.CurrentUser;
import app.banter.platform.web.ProblemCodes;
import io.quarkus.security.Authenticated;

/** The signed-in user's own wallet. There is no path naming a wallet: whose it is comes from the access token. */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/v1/wallet")
@Authenticated
@Tag(name = "Wallet", description = "Coin and earnings balances and their history")
@SecurityRequirement(name = "bearer")
public class WalletResource {

    private final WalletService wallets;
    private final CurrentUser me;

    WalletResource(WalletService wallets, CurrentUser me) {
        this.wallets = wallets;
        this.me = me;
    }

    @GET
    @Operation(summary = "Coins and earnings: balance, held by pending charges, and available")
    @ProblemCodes({})
    public WalletView wallet() {
        return wallets.wallet(me.id());
    }

    @GET
    @Path("/transactions")
    @Operation(summary = "Coin movements in and out of your accounts, newest first (cursor-paginated)")
    @ProblemCodes({})
    public Page<TransactionView> transactions(
            @Valid @BeanParam PageRequest page) {
        return wallets.transactions(me.id(), page.cursor(), page.limit());
    }
}
