package app.banter.platform.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Reflection that vendor SDKs need in a native executable and do not declare themselves. firebase-admin reads and
 * writes JSON through google-http-client, which binds {@code @Key}-annotated fields by reflection; google-http-client
 * and google-auth-library ship native-image metadata for their own classes (JWT header and payload, GenericJson),
 * firebase-admin and google-oauth-client do not. Listed here: what Firebase ID-token verification parses, what FCM
 * sends and receives, and the error bodies of Google's APIs. VendorSdkReflectionTest checks that every class exists.
 */
@RegisterForReflection(classNames = {
        // ID-token verification (FirebaseTokenVerifierImpl parses the token with IdToken).
        "com.google.api.client.auth.openidconnect.IdToken",
        "com.google.api.client.auth.openidconnect.IdToken$Payload",
        // Errors returned by Google APIs (Identity Toolkit, FCM).
        "com.google.firebase.internal.AbstractPlatformErrorHandler$PlatformErrorResponse",
        "com.google.firebase.internal.AbstractPlatformErrorHandler$PlatformError",
        "com.google.firebase.auth.internal.AuthErrorHandler$AuthServiceErrorResponse",
        "com.google.api.client.googleapis.json.GoogleJsonError",
        "com.google.api.client.googleapis.json.GoogleJsonError$ErrorInfo",
        "com.google.api.client.googleapis.json.GoogleJsonError$Details",
        "com.google.api.client.googleapis.json.GoogleJsonError$ParameterViolations",
        "com.google.api.client.googleapis.json.GoogleJsonErrorContainer",
        // FCM push messages (serialized to the HTTP v1 API) and its responses.
        "com.google.firebase.messaging.Message",
        "com.google.firebase.messaging.Notification",
        "com.google.firebase.messaging.FcmOptions",
        "com.google.firebase.messaging.AndroidConfig",
        "com.google.firebase.messaging.AndroidNotification",
        "com.google.firebase.messaging.AndroidFcmOptions",
        "com.google.firebase.messaging.LightSettings",
        "com.google.firebase.messaging.LightSettingsColor",
        "com.google.firebase.messaging.ApnsConfig",
        "com.google.firebase.messaging.ApnsFcmOptions",
        "com.google.firebase.messaging.ApsAlert",
        "com.google.firebase.messaging.WebpushConfig",
        "com.google.firebase.messaging.WebpushFcmOptions",
        "com.google.firebase.messaging.WebpushNotification$Action",
        "com.google.firebase.messaging.internal.MessagingServiceResponse",
        "com.google.firebase.messaging.internal.MessagingServiceErrorResponse",
})
final class VendorSdkReflection {

    private VendorSdkReflection() {
    }
}
