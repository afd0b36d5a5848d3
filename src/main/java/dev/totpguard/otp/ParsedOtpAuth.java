package dev.totpguard.otp;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * The content of an {@code otpauth://totp/} URI, from {@link OtpAuthUri#parse}.
 * {@link #toString()} leaves out the secret; {@link #secret()} returns a copy.
 *
 * @param issuer the issuer, or null if the URI names none
 * @param account the account name, not empty
 * @param secret the decoded shared secret, not empty
 * @param period step length in seconds
 */
public record ParsedOtpAuth(String issuer, String account, byte[] secret, HmacAlgorithm algorithm, int digits,
        int period) {

    public ParsedOtpAuth {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(algorithm, "algorithm");
        if (issuer != null && issuer.isEmpty()) {
            throw new IllegalArgumentException("issuer must be null or not empty");
        }
        if (account.isEmpty()) {
            throw new IllegalArgumentException("account must not be empty");
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        Hotp.checkDigits(digits);
        if (period < 1) {
            throw new IllegalArgumentException("period must be at least 1");
        }
        secret = secret.clone();
    }

    /** A copy of the secret. */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** The generator these parameters describe (T0 = 0, as URIs cannot say otherwise). */
    public Totp toTotp() {
        return new Totp(algorithm, digits, period, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParsedOtpAuth other
                && Objects.equals(issuer, other.issuer)
                && account.equals(other.account)
                && MessageDigest.isEqual(secret, other.secret)
                && algorithm == other.algorithm
                && digits == other.digits
                && period == other.period;
    }

    @Override
    public int hashCode() {
        // the secret is left out on purpose: equal records still have equal hashes
        return Objects.hash(issuer, account, algorithm, digits, period);
    }

    @Override
    public String toString() {
        return "ParsedOtpAuth[issuer=" + issuer + ", account=" + account + ", secret=(" + secret.length
                + " bytes), algorithm=" + algorithm + ", digits=" + digits + ", period=" + period + "]";
    }
}
