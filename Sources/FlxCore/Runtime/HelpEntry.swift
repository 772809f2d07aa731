/// The help text `?name` shows for a builtin: its call forms, what it does, and an
/// example. Libraries keep these beside what they register; FlxREPL's help mode reads them.
package struct HelpEntry {
    package let signature: String
    package let text: String
    package let example: String

    package init(signature: String, text: String, example: String) {
        self.signature = signature
        self.text = text
        self.example = example
    }

    package init(_ signature: String, _ text: String, _ example: String) {
        self.init(signature: signature, text: text, example: example)
    }
}
