package app.banter.kyc;

/** Identity documents we verify, each with its fixed normalized length (what the masked number shows). */
public enum DocumentType {
    PAN(10),
    AADHAAR(12),
    DRIVING_LICENCE(15);

    private final int length;

    DocumentType(int length) {
        this.length = length;
    }

    /** Length of the normalized number. */
    public int length() {
        return length;
    }
}
