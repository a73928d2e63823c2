package match

// Message is a message key of the catalogues (internal/i18n) with its fmt
// arguments.
type Message struct {
	Key  string `json:"key"`
	Args []any  `json:"args,omitempty"`
}

// Label is an argument that is itself a message key without arguments (a
// certificate type's, a unit's, a class's label): Render translates it
// before it fills the message. In JSON it is the key.
type Label string

func msg(key string, args ...any) Message { return Message{Key: key, Args: args} }

// Render writes the message with t (i18n.Printer.T fits), translating its
// Label arguments first.
func (m Message) Render(t func(key string, args ...any) string) string {
	args := m.Args
	for i, a := range m.Args {
		if l, ok := a.(Label); ok {
			if &args[0] == &m.Args[0] {
				args = append([]any(nil), m.Args...)
			}
			args[i] = t(string(l))
		}
	}
	return t(m.Key, args...)
}
