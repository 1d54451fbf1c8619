package app.banter.auth;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import app.banter.auth.FirebasePhoneVerifier.VerifiedPhone;
import app.banter.platform.error.ApiException;
import app.banter.platform.ratelimit.RateLimiter;
import app.banter.platform.security.Secrets;
import app.banter.referral.ReferralService;
import app.banter.referral.RegistrationReferral;
import app.banter.user.NewUser;
import app.banter.user.ProfileView;
import app.banter.user.RegisterDeviceRequest;
import app.banter.user.UserService;
import app.banter.user.Users;

@ApplicationScoped
public class AuthService {

    // Ages are counted on the Indian calendar day, whatever the server's zone.
    private static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    /** The app's language when registration names none (the requirements' default). */
    static final String DEFAULT_LANGUAGE = "en";

    private final FirebasePhoneVerifier firebase;
    private final RegistrationTickets tickets;
    private final Sessions sessions;
    private final Users users;
    private final UserService userService;
    private final RateLimiter rateLimiter;
    private final AuthConfig config;
    private final ReferralService referrals;

    AuthService(FirebasePhoneVerifier firebase, RegistrationTickets tickets, Sessions sessions, Users users,
            UserService userService, RateLimiter rateLimiter, AuthConfig config, ReferralService referrals) {
        this.firebase = firebase;
        this.tickets = tickets;
        this.sessions = sessions;
        this.users = users;
        this.userService = userService;
        this.rateLimiter = rateLimiter;
        this.config = config;
        this.referrals = referrals;
    }

    /** Exchanges a Firebase phone-login ID token for our tokens, or a registration ticket for a new phone. */
    public SignInResponse signInWithFirebase(AuthRequests.FirebaseSignIn request, String clientIp) {
        Optional<RegisterDeviceRequest> device = request.device();
        limitPerIp(clientIp);
        // A phone still to register has no account to own the device: the app sends the token again at registration.
        return signIn(firebase.verify(request.idToken()), device);
    }

    /** Dev mode only (see {@link AuthConfig.DevLogin}). */
    public SignInResponse signInForDevelopment(String phoneNumber, String clientIp) {
        if (!config.devLogin().enabled()) {
            throw ApiException.notFound("Resource");
        }
        limitPerIp(clientIp);
        return signIn(new VerifiedPhone(phoneNumber, null), Optional.empty());
    }

    @Transactional
    public SignInResponse register(AuthRequests.Register request, String clientIp) {
        Optional<RegisterDeviceRequest> device = request.device();
        limitPerIp(clientIp);
        VerifiedPhone phone = tickets.find(request.registrationTicket()).orElseThrow(
                () -> ApiException.unauthorized("INVALID_REGISTRATION_TICKET",
                        "The registration ticket is not valid or has expired; verify your phone again"));
        LocalDate today = LocalDate.now(INDIA);
        if (request.dateOfBirth().isBefore(today.minusYears(120))) {
            throw ApiException.badRequest("VALIDATION_FAILED", "dateOfBirth is not a plausible date of birth");
        }
        if (Period.between(request.dateOfBirth(), today).getYears() < config.minimumAge()) {
            throw ApiException.badRequest("UNDERAGE", "You must be at least " + config.minimumAge() + " to use Banter");
        }
        ProfileView user = userService.register(new NewUser(phone.phoneNumber(), phone.firebaseUid(),
                request.fullName(), request.username(), request.dateOfBirth(), request.gender(),
                request.language() == null ? DEFAULT_LANGUAGE : request.language(), request.interests(),
                request.referralCode()));
        // A refused referral code never fails the registration; the response says what became of it.
        RegistrationReferral referral = request.referralCode() == null ? null
                : referrals.applyAtRegistration(user.id(), request.referralCode());
        SignInResponse response = SignInResponse.registered(sessions.start(user, device), referral);
        // Used up only once the account exists, so a refused username can be retried with the same ticket.
        tickets.useUp(request.registrationTicket());
        return response;
    }

    public SignInResponse refresh(String refreshToken) {
        return SignInResponse.authenticated(sessions.rotate(refreshToken));
    }

    public void logout(UUID sessionId) {
        sessions.end(sessionId);
    }

    private SignInResponse signIn(VerifiedPhone phone, Optional<RegisterDeviceRequest> device) {
        rateLimiter.acquire("sign-in-phone", Secrets.sha256Hex(phone.phoneNumber()), new RateLimiter.Limit(
                config.rateLimit().perPhone().requests(), config.rateLimit().perPhone().window()));
        return users.activeProfileByPhone(phone.phoneNumber())
                .map(user -> SignInResponse.authenticated(sessions.start(user, device)))
                .orElseGet(() -> SignInResponse.registrationRequired(tickets.issue(phone)));
    }

    private void limitPerIp(String clientIp) {
        rateLimiter.acquire("sign-in-ip", clientIp,
                new RateLimiter.Limit(config.rateLimit().perIp().requests(), config.rateLimit().perIp().window()));
    }
}
