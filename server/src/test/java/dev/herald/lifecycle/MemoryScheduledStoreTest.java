package dev.herald.lifecycle;

class MemoryScheduledStoreTest extends ScheduledStoreContract {
    @Override
    protected ScheduledStore create() {
        return new MemoryScheduledStore();
    }
}
