package app.banter.media;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * An image URL a client gives (an avatar, a chat image) must be this service's own public media, under
 * banter.media.cdn-base-url: any other host would learn the address of everyone whose app shows the image. Images are
 * uploaded (POST /api/v1/media/uploads) and given by their id; a URL is accepted only as one of those uploads' URLs (an
 * app sending back the avatarUrl it was shown). A value without a scheme is no URL and left to the field's pattern.
 */
@Target({ ElementType.METHOD, ElementType.FIELD, ElementType.ANNOTATION_TYPE, ElementType.CONSTRUCTOR,
        ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = OwnMediaUrlValidator.class)
public @interface OwnMediaUrl {

    String message() default "must be a URL of this service's media: upload the image (POST /api/v1/media/uploads) "
            + "and send its id";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
