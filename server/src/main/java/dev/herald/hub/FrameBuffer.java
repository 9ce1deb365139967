package dev.herald.hub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** A stream's write buffer: the frames for its next write, handed to a {@link LiveOutput} without a copy. */
final class FrameBuffer extends ByteArrayOutputStream {
    FrameBuffer() {
        super(256);
    }

    /** @return false when the socket did not take all of it (see {@link LiveOutput#write}) */
    boolean writeTo(LiveOutput live) throws IOException {
        return count == 0 || live.write(buf, 0, count);
    }
}
