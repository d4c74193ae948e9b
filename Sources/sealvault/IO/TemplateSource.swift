import Glibc
import SealFiles
import SealFormat

/// A template read from a file or stdin, with the problems `render` and `refs` report.
struct TemplateSource {
  let path: String
  let template: Template

  static let limit = 16 * 1024 * 1024

  static func read(_ path: String) throws(Failure) -> TemplateSource {
    if path == "-" {
      guard let bytes = try SecretInput.readAll(0, limit: limit, name: "stdin") else {
        throw .failed("stdin: the template is over 16 MiB")
      }
      return TemplateSource(path: "stdin", template: Template(bytes.withUnsafeBytes { Array($0) }))
    }
    do {
      return TemplateSource(
        path: path, template: Template(try FileReader.read(path, limit: limit, tooLong: "the template is over 16 MiB")))
    } catch {
      throw .file(error)
    }
  }

  /// The templates `paths` name: a directory stands for every regular file below it, in
  /// byte order, skipping dot-directories such as `.git` (and links, FIFOs, devices).
  static func expand(_ paths: [String]) throws(Failure) -> [String] {
    var files: [String] = []
    for path in paths {
      var info = stat()
      guard path != "-", stat(path, &info) == 0, FileKind(stat: info) == .directory else {
        files.append(path)
        continue
      }
      try walk(path, into: &files)
    }
    return files
  }

  private static func walk(_ directory: String, into files: inout [String]) throws(Failure) {
    let names: [String]
    do { names = try FileReader.list(directory) ?? [] } catch { throw .file(error) }
    for name in names {
      let path = Vault.join(directory, name)
      switch FileReader.kind(path) {
      case .regular: files.append(path)
      case .directory where !name.hasPrefix("."): try walk(path, into: &files)
      case nil:
        throw .failed("\(directory): holds a file whose name is not valid UTF-8 (\(name.quotedForMessage)); rename it")
      default: continue
      }
    }
  }

  /// The template's warnings in file order: each `@{` that begins no placeholder and, when
  /// `set` is given, each placeholder whose name is not in it (with the name it matches
  /// regardless of case, if one does). At most `Diagnostics.shownPerFile`, the last
  /// counting the rest.
  func warnings(unknownIn set: EffectiveSet?, scope: Scope, rendered: Bool) -> [Diagnostic] {
    var log = DiagnosticLog(path: path)
    let unknown = set.map { set in template.placeholders.lazy.filter { set[$0.name] == nil } }
    var placeholders = unknown?.makeIterator()
    var malformed = template.malformed.makeIterator()
    var (nextPlaceholder, nextMalformed) = (placeholders?.next(), malformed.next())
    // Both lists are in file order: merged, not sorted, so millions cost no copy.
    while nextPlaceholder != nil || nextMalformed != nil {
      guard let placeholder = nextPlaceholder, let set,
        nextMalformed.map({ ($0.line, $0.column) > (placeholder.mark.line, placeholder.mark.column) }) ?? true
      else {
        log.report(Template.malformedMessage, at: nextMalformed!)
        nextMalformed = malformed.next()
        continue
      }
      nextPlaceholder = placeholders?.next()
      let mark = placeholder.mark
      log.report(
        {
          let hint = set.all.first { $0.name.folded == placeholder.name.folded }.map { "; did you mean '\($0.name)'?" }
          return
            "@{\(placeholder.name)} is not a secret of \(scope.runName)\(hint ?? "")\(rendered ? " (rendered as UNKNOWN)" : "")"
        }(), at: mark)
    }
    return log.items
  }
}
