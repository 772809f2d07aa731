// FlxEngine — numeric arrays and tape-based reverse-mode autodiff for flx.
//
// The engine knows nothing of the language. How a binding is expected to use it:
//
// * Values: `Tensor` (column-major, Julia `size` in `shape`, element type `dtype`).
//   Scalars the language wants to differentiate through are rank-0 tensors.
// * Ops: static functions grouped by family — `Arithmetic`, `Unary`,
//   `LinearAlgebra`, `Reductions`, `Shaping`, `Indexing`, `Conversion`, `Fused`,
//   `Losses` — each ending in `tape: Tape?`. Pass nil outside `gradient`.
// * `gradient(f, params...)`: make (or reuse) a `Tape`, `reset()` it, `watch` each
//   parameter, evaluate `f` passing the tape to every op, `backward(from: loss)`,
//   read `gradient(of: param)` (nil means "did not influence the loss", Zygote's
//   `nothing`), then `reset()` so saved intermediates return to the buffer pool.
//   One tape at a time per tensor; nested (higher-order) gradients are not supported.
// * Dotted expressions: build a `FusedExpr` (or a reusable `FusedKernel`) and call
//   `Fused.evaluate`; `x .= expr` / `x .+= expr` map to `Fused.assign`.
// * Training: a `Rule` (one file per rule in `Optimisers/Rules/`) initialises a state per
//   parameter (`Rule.initState`) and `Rule.update` applies one step in place, after
//   `backward` (the language walks its trees of states; the engine knows no trees).
// * Errors: everything throws `EngineError`, which is data: a kind, the values involved
//   (a domain error's value and element type, a bounds error's array size and indices) and
//   an `EngineMessage` whose shapes, types and numbers are marked for the language to show
//   in its own notation. The engine writes no exception names and no display text.
// * Speed: compile each dotted expression once into a `FusedKernel` (compiling per
//   call costs ~150 ns). `Engine.bufferStats` shows live/pooled buffers per thread.
// * Toolchain hazard (Swift 6.3, release builds): a libc memset/memmove that ends up
//   as the last action of a throwing function may be emitted as a tail call that
//   leaves Swift's error register dirty, so the caller "catches" a garbage error and
//   crashes. The engine routes such calls through `rawCopy`/`rawZero`; code binding
//   the engine should avoid ending throwing functions with raw memory copies too.
