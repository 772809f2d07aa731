/// The reverse sweep over the scalar records, run by `Tape.backward` in between the tensor
/// records so that each record runs after everything recorded later: a tensor record
/// remembers how many scalar records existed when it was made (`TapeRecord.scalarMark`).
///
/// Gradients follow the tensor ops' arithmetic exactly: a contribution is the upstream
/// gradient times the partial in the output's element type, converted to the input's
/// type, and added to a sum that starts at -0.0 (see `SignedZero`).
extension Tape {
    /// Fresh gradient buffers for the scalar records (all untouched), and the sweep's start.
    func startScalarGradients() throws {
        let n = scalars.count
        scalarNext = n - 1
        scalarEdgeEnd = scalars.inputs.count
        guard n > 0 || !scalarGrads.isEmpty else { return }
        scalarGrads.removeAll(keepingCapacity: n > 0 && n <= ScalarRecords.keptCapacity)
        scalarTouched.removeAll(keepingCapacity: n > 0 && n <= ScalarRecords.keptCapacity)
        guard n > 0 else { return }
        try AllocationGuard.reserve(count: n, bytesEach: MemoryLayout<Double>.stride + 1)
        scalarGrads.append(contentsOf: repeatElement(SignedZero.accumulatorStart, count: n))
        scalarTouched.append(contentsOf: repeatElement(false, count: n))
    }

    /// Forgets the scalar records and their gradients (`reset`).
    func resetScalars() {
        scalars.removeAll()
        scalarGrads.removeAll(keepingCapacity: scalarGrads.count <= ScalarRecords.keptCapacity)
        scalarTouched.removeAll(keepingCapacity: scalarTouched.count <= ScalarRecords.keptCapacity)
    }

    /// Runs the scalar records not yet run, from the last down to index `mark`.
    func sweepScalars(downTo mark: Int) throws {
        var k = scalarNext
        guard k >= mark else { return }
        let flags = scalars.flags, inputs = scalars.inputs, partials = scalars.partials
        var e = scalarEdgeEnd
        // Work on the buffers in place: moved out of the tape so no copy is made on write.
        var grads: [Double] = [], touched: [Bool] = []
        swap(&grads, &scalarGrads)
        swap(&touched, &scalarTouched)
        defer {
            swap(&grads, &scalarGrads)
            swap(&touched, &scalarTouched)
            scalarNext = k
            scalarEdgeEnd = e
        }
        while k >= mark {
            let f = flags[k]
            let n = Int(f & ScalarFlag.edgeCountMask)
            e &-= n
            if touched[k] {
                let g = grads[k]
                if f & ScalarFlag.fromTensor != 0 {
                    let t = scalars.bridged[Int(inputs[e])]
                    try accumulate(t, Tensor.scalar(g, dtype: t.dtype))
                } else {
                    var j = e
                    while j < e &+ n {
                        let input = Int(inputs[j])
                        Tape.add(Tape.contribution(g, partials[j], f), into: input, flags[input], &grads, &touched)
                        j &+= 1
                    }
                }
            }
            k &-= 1
        }
    }

    /// Adds the gradient `g` arriving at a tensor bridged from `node` (`TapeOp.fromScalar`).
    func accumulateScalar(_ node: Int32, _ g: Double) {
        let i = Int(node)
        guard i >= 0, i < scalarGrads.count else { return }
        Tape.add(g, into: i, scalars.flags[i], &scalarGrads, &scalarTouched)
    }

    /// The gradient of scalar node `node` after `backward`, or nil when none reached it.
    public func gradient(ofScalar node: Int32) -> Double? {
        let i = Int(node)
        guard i >= 0, i < scalarTouched.count, scalarTouched[i] else { return nil }
        return scalarGrads[i]
    }

    /// Upstream `g` carried through an edge with partial `p` of a record with flags `f`,
    /// in the record's output type.
    @inline(__always)
    static func contribution(_ g: Double, _ p: Double, _ f: UInt8) -> Double {
        if f & ScalarFlag.boolPartials != 0 { return SignedZero.times(g, p != 0) }
        if f & ScalarFlag.float32 != 0 { return Double(Float(g) * Float(p)) }
        return g * p
    }

    /// Adds `c` to node `i`'s gradient in that node's element type (its flags `f`).
    @inline(__always)
    static func add(_ c: Double, into i: Int, _ f: UInt8, _ grads: inout [Double], _ touched: inout [Bool]) {
        if f & ScalarFlag.float32 != 0 {
            grads[i] = Double(Float(grads[i]) + Float(c))
        } else {
            grads[i] += c
        }
        touched[i] = true
    }
}
