package parser

// validateFetch reads msg-att = "(" (msg-att-dynamic / msg-att-static)
// *(SP (msg-att-dynamic / msg-att-static)) ")".
func validateFetch(s *scanner) error {
	if s.peek() != '(' {
		return s.errExpected(`"(" (msg-att)`)
	}
	_, err := s.value()
	return err
}
