internal import CYaml
import SealCore

/// One libyaml parser over an in-memory buffer; the only owner of the C handle.
final class EventParser {
  private let parser: UnsafeMutablePointer<yaml_parser_t>
  private let input: UnsafeBufferPointer<UInt8>

  /// A parser over `input`, which must outlive it.
  init(input: UnsafeBufferPointer<UInt8>) {
    parser = .allocate(capacity: 1)
    guard yaml_parser_initialize(parser) == 1 else { fatalError("libyaml could not allocate a parser") }
    self.input = input
    yaml_parser_set_input_string(parser, input.baseAddress ?? UnsafePointer(bitPattern: 1), input.count)
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
  }

  deinit {
    yaml_parser_delete(parser)
    parser.deallocate()
  }

  /// The next event, or the parser's own error as a message and mark.
  func next() throws(ParseFailure) -> Event {
    let event = Event()
    guard yaml_parser_parse(parser, &event.event) == 1 else { throw failure() }
    return event
  }

  private func failure() -> ParseFailure {
    let state = parser.pointee
    let problem = state.problem.map { String(cString: $0) } ?? "invalid YAML"
    if state.error == YAML_READER_ERROR {
      return ParseFailure(
        message: problem,
        mark: LineIndex(UnsafeRawBufferPointer(input)).mark(state.problem_offset, in: UnsafeRawBufferPointer(input)))
    }
    let context = state.context.map { String(cString: $0) + " " } ?? ""
    return ParseFailure(message: context + problem, mark: Mark(state.problem_mark))
  }
}

/// A libyaml event, deleted when released.
final class Event {
  var event = yaml_event_t()

  deinit { yaml_event_delete(&event) }

  var type: yaml_event_type_t { event.type }
  var start: Mark { Mark(event.start_mark) }

  /// Whether the event carries an anchor or an explicit tag (both refused).
  var anchor: Bool {
    switch event.type {
    case YAML_SCALAR_EVENT: event.data.scalar.anchor != nil
    case YAML_SEQUENCE_START_EVENT: event.data.sequence_start.anchor != nil
    case YAML_MAPPING_START_EVENT: event.data.mapping_start.anchor != nil
    default: false
    }
  }

  var tag: Bool {
    switch event.type {
    case YAML_SCALAR_EVENT: event.data.scalar.tag != nil
    case YAML_SEQUENCE_START_EVENT: event.data.sequence_start.tag != nil
    case YAML_MAPPING_START_EVENT: event.data.mapping_start.tag != nil
    default: false
    }
  }

  /// Whether a scalar is plain (not quoted, not a block scalar).
  var isPlain: Bool { event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE }

  /// A scalar's text, taken literally whatever its style.
  var scalarText: String {
    let scalar = event.data.scalar
    return String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
  }
}

/// libyaml's own message for input it cannot parse.
struct ParseFailure: Error {
  let message: String
  let mark: Mark
}

extension Mark {
  init(_ mark: yaml_mark_t) {
    self.init(line: mark.line + 1, column: mark.column + 1)
  }
}
