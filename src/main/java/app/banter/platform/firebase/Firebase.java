package app.banter.platform.firebase;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.internal.FirebaseProcessEnvironment;

/**
 * Our one FirebaseApp, shared by sign-in (Auth) and push notifications (Messaging): one set of credentials, one
 * project, one HTTP transport.
 */
@ApplicationScoped
public class Firebase {

    private static final Logger LOG = Logger.getLogger(Firebase.class);
    private static final String APP_NAME = "banter";
    private static final String FCM_HOST = "fcm.googleapis.com";

    private final FirebaseConfig config;
    private FirebaseApp app;

    Firebase(FirebaseConfig config) {
        this.config = config;
    }

    @PostConstruct
    void init() {
        // firebase-admin reads the emulator address from its own environment view, which we can set from config.
        config.emulatorHost().ifPresent(host -> FirebaseProcessEnvironment.setenv("FIREBASE_AUTH_EMULATOR_HOST", host));
        FirebaseOptions.Builder options = FirebaseOptions.builder()
                .setProjectId(config.projectId())
                .setCredentials(credentials())
                .setConnectTimeout(Math.toIntExact(config.connectTimeout().toMillis()))
                .setReadTimeout(Math.toIntExact(config.readTimeout().toMillis()));
        config.messagingUrl().ifPresent(url -> options.setHttpTransport(redirectingFcmTo(url)));
        app = FirebaseApp.getApps().stream().filter(a -> a.getName().equals(APP_NAME)).findFirst()
                .orElseGet(() -> FirebaseApp.initializeApp(options.build(), APP_NAME));
    }

    public FirebaseApp app() {
        return app;
    }

    /**
     * firebase-admin's FCM URL is fixed; its transport is not. Requests to FCM's host go to {@code baseUrl}, all
     * others where they were going.
     */
    private static NetHttpTransport redirectingFcmTo(String baseUrl) {
        URI base = URI.create(baseUrl);
        return new NetHttpTransport.Builder().setConnectionFactory(url -> (HttpURLConnection) redirect(url, base)
                .openConnection()).build();
    }

    private static URL redirect(URL url, URI base) throws IOException {
        if (!FCM_HOST.equals(url.getHost())) {
            return url;
        }
        return base.resolve(url.getFile()).toURL();
    }

    private GoogleCredentials credentials() {
        if (config.emulatorHost().isPresent()) {
            // The emulator accepts any credentials; this avoids looking for real ones on a developer's machine.
            return GoogleCredentials.create(new AccessToken("owner", null));
        }
        try {
            if (config.credentialsFile().isPresent()) {
                try (InputStream in = new FileInputStream(config.credentialsFile().get())) {
                    return GoogleCredentials.fromStream(in);
                }
            }
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            if (config.credentialsFile().isPresent()) {
                throw new UncheckedIOException("Firebase credentials could not be loaded", e);
            }
            // Checking ID tokens needs only the project id and Google's public keys, not a service account; pushes
            // do need one and fail (and are retried) until it is configured.
            LOG.warn("No Google credentials found; Firebase ID tokens are still verified, pushes cannot be sent");
            return GoogleCredentials.create(new AccessToken("none", null));
        }
    }
}
