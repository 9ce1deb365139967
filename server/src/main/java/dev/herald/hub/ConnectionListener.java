package dev.herald.hub;

/**
 * Told about every stream that opens or closes (operators' live view). Called on the thread
 * that subscribes or unsubscribes, so implementations must be quick and must not throw.
 */
public interface ConnectionListener {
    void connected(Subscriber subscriber);

    void disconnected(Subscriber subscriber, Subscriber.CloseReason reason);
}
