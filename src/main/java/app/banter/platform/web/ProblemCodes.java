package app.banter.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem codes a resource method's own rules answer with, each as {@code "<status> <CODE>"}, for example
 * {@code @ProblemCodes({"409 USERNAME_TAKEN", "429 RATE_LIMITED"})}. {@link OpenApiContract} turns them into the
 * operation's responses: one per status, {@code application/problem+json} with the {@code Problem} schema whose
 * {@code code} is limited to the codes listed (plus the ones every such operation shares, which it adds itself:
 * 400 for input, 401 for the bearer scheme, 403 for roles, 404 for path parameters). {@code @ProblemCodes({})} says
 * the operation has no codes of its own. Every operation carries one; {@code OpenApiDocumentTest} lists those that do
 * not.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ProblemCodes {

    String[] value();
}
