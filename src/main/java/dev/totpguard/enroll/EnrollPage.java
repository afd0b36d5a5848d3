package dev.totpguard.enroll;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the enrollment template ({@code totp-guard-enroll.ftl}) shows, as attribute {@code totpGuard}. Public with
 * getters because FreeMarker reads it by bean introspection.
 */
public final class EnrollPage {

    private final String qrDataUri;
    private final List<String> keyGroups;
    private final String algorithm;
    private final int digits;
    private final int period;
    private final String issuer;
    private final String account;
    private final boolean labelRequired;
    private final String label;

    EnrollPage(String qrDataUri, List<String> keyGroups, String algorithm, int digits, int period, String issuer,
               String account, boolean labelRequired, String label) {
        this.qrDataUri = qrDataUri;
        this.keyGroups = List.copyOf(keyGroups);
        this.algorithm = algorithm;
        this.digits = digits;
        this.period = period;
        this.issuer = issuer;
        this.account = account;
        this.labelRequired = labelRequired;
        this.label = label;
    }

    /** {@code data:image/png;base64,…} of the {@code otpauth://totp/…} URI. */
    public String getQrDataUri() {
        return qrDataUri;
    }

    /** The Base32 key in groups of four, for typing by hand. */
    public List<String> getKeyGroups() {
        return keyGroups;
    }

    /** The key as one string with spaces between the groups. */
    public String getKey() {
        return String.join(" ", keyGroups);
    }

    /**
     * The key for screen readers: characters one by one ("A B C D"), groups separated by commas, so that a screen
     * reader spells it out in groups of four with a pause between them instead of trying to pronounce it.
     */
    public String getSpokenKey() {
        return keyGroups.stream().map(g -> String.join(" ", g.split(""))).collect(Collectors.joining(", "));
    }

    public String getAlgorithm() {
        return algorithm;
    }

    public int getDigits() {
        return digits;
    }

    public int getPeriod() {
        return period;
    }

    public String getIssuer() {
        return issuer;
    }

    public String getAccount() {
        return account;
    }

    /** A label is required once the user has a device, so that devices can be told apart, or when the config says so. */
    public boolean isLabelRequired() {
        return labelRequired;
    }

    /** The device name the user typed, kept when the page is shown again with an error; empty at first. */
    public String getLabel() {
        return label;
    }
}
