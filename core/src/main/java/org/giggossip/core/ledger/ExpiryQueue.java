package org.giggossip.core.ledger;

import java.util.Arrays;

/**
 * The live invoices of a {@link Ledger} ordered by expiry, then by creation:
 * a binary min-heap that records each invoice's position in it, so that an
 * invoice settled or cancelled early leaves in O(log n) instead of waiting in
 * memory until its expiry.
 */
final class ExpiryQueue {
    private Invoice[] heap = new Invoice[16];
    private int size;

    int size() {
        return size;
    }

    /** The invoice that expires first, or null. */
    Invoice peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Invoice invoice) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = invoice;
        invoice.heapIndex = size;
        size++;
        up(size - 1);
    }

    void remove(Invoice invoice) {
        int at = invoice.heapIndex;
        if (at < 0 || at >= size || heap[at] != invoice) {
            throw new IllegalStateException("invoice is not queued");
        }
        size--;
        Invoice last = heap[size];
        heap[size] = null;
        invoice.heapIndex = -1;
        if (at < size) {
            heap[at] = last;
            last.heapIndex = at;
            if (!up(at)) {
                down(at);
            }
        }
    }

    private static boolean before(Invoice a, Invoice b) {
        return a.expiresAtMillis != b.expiresAtMillis
                ? a.expiresAtMillis < b.expiresAtMillis
                : a.sequence < b.sequence;
    }

    private boolean up(int at) {
        int start = at;
        Invoice moving = heap[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!before(moving, heap[parent])) {
                break;
            }
            place(heap[parent], at);
            at = parent;
        }
        place(moving, at);
        return at != start;
    }

    private void down(int at) {
        Invoice moving = heap[at];
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], moving)) {
                break;
            }
            place(heap[child], at);
            at = child;
        }
        place(moving, at);
    }

    private void place(Invoice invoice, int at) {
        heap[at] = invoice;
        invoice.heapIndex = at;
    }
}
