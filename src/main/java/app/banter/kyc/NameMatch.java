package app.banter.kyc;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whether the name on a document is the profile's full name. The rule: both names are split into words after
 * ignoring case, accents, punctuation (. , ' - and the like) and extra spaces; they match when they have the same
 * number of words in the same order, each word equal, except that a single letter stands for any word with that
 * initial (so "A. K. Sharma" matches "Anil Kumar Sharma"), as long as the last word (the surname) is written out in
 * both. Reordered, missing or extra words do not match.
 */
public final class NameMatch {

    private NameMatch() {
    }

    public static boolean matches(String nameOnDocument, String profileName) {
        List<String> document = words(nameOnDocument);
        List<String> profile = words(profileName);
        if (document.isEmpty() || document.size() != profile.size()) {
            return false;
        }
        int last = document.size() - 1;
        if (document.get(last).length() < 2 || !document.get(last).equals(profile.get(last))) {
            return false;
        }
        for (int i = 0; i < last; i++) {
            if (!sameWord(document.get(i), profile.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameWord(String a, String b) {
        if (a.length() == 1 || b.length() == 1) {
            return a.charAt(0) == b.charAt(0);
        }
        return a.equals(b);
    }

    static List<String> words(String name) {
        if (name == null) {
            return List.of();
        }
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toUpperCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
        return plain.isEmpty() ? List.of() : Arrays.asList(plain.split(" "));
    }
}
