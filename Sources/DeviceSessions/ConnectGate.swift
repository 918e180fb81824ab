/// Serializes connects on one adapter (controllers handle one LE Create Connection at a time;
/// overlapping ones fail with InProgress or abort). FIFO.
actor ConnectGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
