package dev.totpguard.it;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A benchmark user: username (= password) and the HMAC key of its one device. One sign-in per user per 30 s step:
 * {@link Pool#acquire()} hands out only users whose last code is of an earlier step than the current one, so no code
 * is ever reused and no step is ever given twice.
 */
final class LoadUser {

    final String username;
    private final byte[] key;
    private long lastStep = Long.MIN_VALUE;

    LoadUser(String username, byte[] key) {
        this.username = username;
        this.key = key.clone();
    }

    /** The code of the current step, which becomes this user's last step. */
    String codeNow() {
        long step = Codes.currentStep(30);
        lastStep = step;
        return Codes.totp(key, step, 6, "HmacSHA1");
    }

    /** A 6-digit code that no step near now gives. */
    String wrongCode() {
        return Codes.wrong(key, Codes.currentStep(30));
    }

    /** Users of one realm, each held by at most one virtual user at a time. */
    static final class Pool {
        private final Queue<LoadUser> free = new ConcurrentLinkedQueue<>();
        private final int size;

        Pool(java.util.List<LoadUser> users) {
            free.addAll(users);
            size = users.size();
        }

        /** A user free to sign in in this step, or {@code null} if every free user signed in in this step already. */
        LoadUser acquire() {
            for (int i = 0; i < size; i++) {
                LoadUser user = free.poll();
                if (user == null) {
                    return null;
                }
                if (user.lastStep < Codes.currentStep(30)) {
                    return user;
                }
                free.offer(user);
            }
            return null;
        }

        void release(LoadUser user) {
            free.offer(user);
        }
    }
}
