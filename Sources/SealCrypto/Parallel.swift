import Dispatch

/// Runs `body` for 0..<count on every core.
func parallelFor(_ count: Int, _ body: @Sendable (Int) -> Void) {
  guard count > 1 else {
    if count == 1 { body(0) }
    return
  }
  DispatchQueue.concurrentPerform(iterations: count, execute: body)
}

/// `items.map(transform)` on every core, in chunks so small items do not drown in scheduling.
package func parallelMap<Item: Sendable, Output>(_ items: [Item], _ transform: @Sendable (Item) -> Output)
  -> [Output]
{
  let chunk = 256
  return [Output](unsafeUninitializedCapacity: items.count) { buffer, initialized in
    nonisolated(unsafe) let output = buffer
    parallelFor((items.count + chunk - 1) / chunk) { index in
      for i in (index * chunk)..<min(items.count, (index + 1) * chunk) {
        (output.baseAddress! + i).initialize(to: transform(items[i]))
      }
    }
    initialized = items.count
  }
}
