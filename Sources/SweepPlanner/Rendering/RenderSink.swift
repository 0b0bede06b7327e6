import SweepModel

/// Where renderers write UTF-8: kept in memory, or handed to `flush` in chunks (for large plans).
public struct RenderSink {
    private var buffer: [UInt8] = []
    private let flushHandler: (([UInt8]) -> Void)?
    private let chunk: Int

    /// Keeps everything in memory; read it with ``text``.
    public init() {
        flushHandler = nil
        chunk = .max
    }

    /// Keeps everything in memory, in `buffer`'s memory (emptied).
    init(reusing buffer: [UInt8]) {
        self.init()
        self.buffer = buffer
        self.buffer.removeAll(keepingCapacity: true)
    }

    /// Hands the output to `flush` whenever `chunk` bytes have accumulated, and at ``finish()``.
    public init(chunk: Int = 1 << 20, flush: @escaping ([UInt8]) -> Void) {
        flushHandler = flush
        self.chunk = chunk
        buffer.reserveCapacity(chunk + 4096)
    }

    @inline(__always)
    public mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= chunk { flush() }
    }

    @inline(__always)
    mutating func write(byte: UInt8) { buffer.append(byte) }

    /// Writes `number` in decimal, as `String(number)` does.
    mutating func write(decimal number: Int) { buffer.appendDecimal(number) }

    mutating func write(bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= chunk { flush() }
    }

    /// Writes the string whose UTF-8 is `utf8` as a JSON string literal (``JSONWriter/appendString(utf8:to:)``).
    mutating func write(jsonString utf8: UnsafeBufferPointer<UInt8>) {
        JSONWriter.appendString(utf8: utf8, to: &buffer)
        if buffer.count >= chunk { flush() }
    }

    /// Writes `text` as a JSON string literal (``JSONWriter/appendString(_:to:)``).
    mutating func write(jsonString text: String) {
        JSONWriter.appendString(text, to: &buffer)
        if buffer.count >= chunk { flush() }
    }

    /// Writes `block`, made elsewhere: handed to the flush handler as it is (after what is buffered), or kept.
    mutating func write(block: [UInt8]) {
        guard let flushHandler else {
            buffer.append(contentsOf: block)
            return
        }
        flush()
        flushHandler(block)
    }

    /// Hands what is buffered to the flush handler.
    public mutating func finish() { flush() }

    /// The bytes kept in memory.
    var bytes: [UInt8] { buffer }

    /// The output kept in memory.
    public var text: String { String(decoding: buffer, as: UTF8.self) }

    private mutating func flush() {
        guard let flushHandler, !buffer.isEmpty else { return }
        flushHandler(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

extension [UInt8] {
    /// Appends `number` in decimal, as `String(number)` writes it.
    mutating func appendDecimal(_ number: Int) {
        if number < 0 { append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        // The digits, last first, from the end of a buffer on the stack (20 holds UInt64.max's), then appended at once.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }
}
