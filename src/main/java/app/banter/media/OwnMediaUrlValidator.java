package app.banter.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** {@link OwnMediaUrl}: a bean, so that it reads the CDN's base URL from the configuration. */
@ApplicationScoped
public class OwnMediaUrlValidator implements ConstraintValidator<OwnMediaUrl, String> {

    private final MediaAttachments media;

    OwnMediaUrlValidator(MediaAttachments media) {
        this.media = media;
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || value.indexOf(':') < 0 || media.isPublicUrl(value);
    }
}
