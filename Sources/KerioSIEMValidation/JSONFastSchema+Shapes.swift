extension JSONFastSchema {
    /// Whether `count` bytes at `base` are a record of a shape in `state.shapes` whose every value passes the check
    /// of its node (see ``RecordShapes``): then the full walk would accept it too. `false` says nothing: the record
    /// may still be valid, of a shape not seen yet.
    ///
    /// At each tree node the edges are tried in turn: the first whose run is at the cursor and whose value passes
    /// is followed; a record whose shape the tree does not hold runs out of edges.
    func acceptsByShape(_ base: UnsafePointer<UInt8>, count: Int, _ state: inout State) -> Bool {
        shapedRecordLength(base, count: count, &state, endsAtLineFeed: false) != nil
    }

    /// The length of the record at `base` when ``acceptsByShape(_:count:_:)`` accepts it, where the record is all
    /// `count` bytes or, `endsAtLineFeed`, the bytes before an LF among them (no shape holds an LF: a record with
    /// one would have been two lines).
    @inline(__always)
    func shapedRecordLength(_ base: UnsafePointer<UInt8>, count: Int, _ state: inout State, endsAtLineFeed: Bool)
        -> Int?
    {
        let shapes = state.shapes
        guard shapes.edgeCount > 0 else { return nil }
        let edges = shapes.edges
        let runs = shapes.runs
        let firstEdge = shapes.firstEdge
        let lastValues = shapes.lastValues
        let lastValueLengths = shapes.lastValueLengths
        let capacity = RecordShapes.valueCapacity
        var node = 0
        var index = 0
        var reader = Reader(base: base, count: count)
        state.items.removeAll(keepingCapacity: true)
        state.itemGroups.removeAll(keepingCapacity: true)
        return withExtendedLifetime(shapes) {
            nextNode: while true {
                var edgeIndex = Int(firstEdge[node])
                while edgeIndex >= 0 {
                    let current = edgeIndex
                    let edge = edges[current]
                    edgeIndex = Int(edge.sibling)
                    let length = Int(edge.runLength)
                    let available = count - index
                    let run = runs + Int(edge.runStart)
                    guard available >= length,
                        available >= RecordShapes.padding
                            ? ByteScan.equalReadingAhead(base + index, run, length)
                            : ByteScan.equal(base + index, run, length)
                    else { continue }
                    reader.index = index + length
                    switch edge.kind {
                    case .end:
                        if endsAtLineFeed {
                            guard reader.index < count, base[reader.index] == 0x0A else { continue }
                        } else {
                            guard reader.index == count else { continue }
                        }
                        return reader.index
                    case .string, .plainString:
                        guard reader.peek == UInt8(ascii: "\""), let token = reader.string() else {
                            continue
                        }
                        guard edge.kind == .string else { break }
                        // The value this edge accepted last is accepted again by one compare.
                        let length = token.end &- token.start
                        let last = lastValues + current &* capacity
                        if length > capacity || lastValueLengths[current] != length
                            || !(count &- token.start >= capacity
                                ? ByteScan.equalReadingAhead(base + token.start, last, length)
                                : ByteScan.equal(base + token.start, last, length))
                        {
                            guard edge.node < 0 || acceptsString(Int(edge.node), token, reader, &state)
                            else { continue }
                            // The bytes past the value are copied too: every compare stops at its length.
                            if length <= capacity, count &- token.start >= capacity {
                                ByteScan.copy32(from: base + token.start, to: last)
                                lastValueLengths[current] = Int32(truncatingIfNeeded: length)
                            }
                        }
                        if edge.group != 0 {
                            guard !token.escaped, !token.nonASCII,
                                isNewItem(token, of: edge.group, base, &state)
                            else { continue }
                        }
                    case .number:
                        guard let number = reader.number(),
                            scalar(Int(edge.node), number, base, depth: 0)
                        else { continue }
                    }
                    index = reader.index
                    node = RecordShapes.target(of: current)
                    continue nextNode
                }
                return nil
            }
        }
    }

    /// Whether `token` differs from the items of its `uniqueItems` array met so far (`state.items` and
    /// `state.itemGroups`, in step); adds it when it does. An array's items are consecutive values of the record, so
    /// its earlier items are the last ones noted.
    @inline(__always)
    private func isNewItem(
        _ token: Reader.StringToken, of group: UInt8, _ base: UnsafePointer<UInt8>, _ state: inout State
    ) -> Bool {
        let length = token.end &- token.start
        var position = state.items.count &- 1
        while position >= 0, state.itemGroups[position] == group {
            let earlier = state.items[position]
            if earlier.count == length, ByteScan.equal(base + earlier.lowerBound, base + token.start, length) {
                return false
            }
            position &-= 1
        }
        state.items.append(token.start..<token.end)
        state.itemGroups.append(group)
        return true
    }
}

extension JSONFastSchema.State {
    /// Notes a scalar value of the walked record (``RecordShapes/Value``); stops recording past
    /// ``RecordShapes/maximumValues``.
    @inline(__always)
    mutating func note(_ start: Int, _ end: Int, _ node: Int, _ kind: RecordShapes.Kind, group: UInt8) {
        guard recorded.count < RecordShapes.maximumValues else {
            isRecording = false
            return
        }
        recorded.append(
            RecordShapes.Value(
                start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end),
                node: Int32(truncatingIfNeeded: node), kind: kind, group: group))
    }
}
