package io.batchlab.config;

/**
 * {@code provider.pack}: how many users share one provider batch. A pack closes at the first user that brings it to
 * {@code users} users or to {@code requests} requests, whichever comes first (a user's requests are never split
 * between packs); the provider's file limits (50,000 lines, 100 MB) close it earlier when need be.
 *
 * @param users    most users per pack, at least 1; 1 with no request target is one batch per user
 * @param requests the request count that closes a pack, or 0 for none
 */
public record PackConfig(int users, int requests) {

    /** The provider's line limit, which neither target may pass. */
    public static final int MAX = 50_000;

    /** One batch per user: what a run whose config.yaml has no {@code pack} did (they were recorded before packing). */
    public static final PackConfig ONE_USER = new PackConfig(1, 0);

    /** A config without {@code pack}: Groq suggests about a thousand requests per batch, far under its file limits. */
    public static final PackConfig DEFAULT = ofRequests(1000);

    public PackConfig {
        if (users < 1 || users > MAX) {
            throw new IllegalArgumentException("pack users must be 1 to " + MAX + ", got " + users);
        }
        if (requests < 0 || requests > MAX) {
            throw new IllegalArgumentException("pack requests must be 0 (none) to " + MAX + ", got " + requests);
        }
    }

    /** {@code requests: N}: packs close by request count alone (users up to the line limit). */
    public static PackConfig ofRequests(int requests) {
        return new PackConfig(MAX, requests);
    }

    /** Whether users share batches at all. */
    public boolean packed() {
        return users > 1 || requests > 0;
    }

    /** Whether a pack that holds {@code packUsers} users and {@code packRequests} requests is full. */
    public boolean full(int packUsers, long packRequests) {
        return packUsers >= users || (requests > 0 && packRequests >= requests);
    }
}
