package org.jphasic.cluster;

/**
 * Sees a worker record units: a hook for tests (slowing units down so a member can be killed mid-run, counting
 * which member recorded what). Not part of the public API; production workers use {@link #NONE}.
 */
interface UnitObserver {
    /** Observes nothing. */
    UnitObserver NONE = new UnitObserver() {
        @Override
        public void recording(String key) {
        }

        @Override
        public void recorded(String key) {
        }
    };

    /**
     * Called on the worker thread before a unit is recorded (not when it is found in a cache).
     *
     * @param key the unit's key
     */
    void recording(String key);

    /**
     * Called on the worker thread after a unit was recorded, before its trace is published or returned.
     *
     * @param key the unit's key
     */
    void recorded(String key);
}
