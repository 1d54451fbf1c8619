package app.banter.media;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A short-lived read URL of private media (a read-only SAS for one blob) and when it stops working. */
@RegisterForReflection
public record SignedUrl(String url, Instant expiresAt) {
}
