package sfapi

import (
	"errors"
	"strings"
	"testing"
)

func TestErrorBodyShapes(t *testing.T) {
	for body, want := range map[string]string{
		`{"error":{"message":"Invalid email or password.","tag":"invalid-auth"}}`: "Invalid email or password.",
		`{"errors":["Email is taken","Password too short"]}`:                      "Email is taken; Password too short",
		`not json at all`: "no message",
	} {
		err := statusError(400, []byte(body))
		if !strings.Contains(err.Error(), want) || !errors.Is(err, ErrRejected) {
			t.Errorf("%s: %v", body, err)
		}
	}
}

// TestWrappedAnswers: wrapped success and error answers (the official
// gateway's) read as plain ones; a plain answer is left as it is.
func TestWrappedAnswers(t *testing.T) {
	c := &Client{}
	data, user := c.unwrap([]byte(` {"meta":{"auth":{"userUuid":"u"}},"data":{"a":1}}`))
	if string(data) != `{"a":1}` || user != "u" || c.Dialect() != DialectOfficial {
		t.Fatalf("unwrap: %s %q %q", data, user, c.Dialect())
	}
	plain := []byte(`{"retrieved_items":[],"data":1}`)
	if data, _ := (&Client{}).unwrap(plain); string(data) != string(plain) {
		t.Fatal("a plain answer was changed")
	}
	body, _ := c.unwrap([]byte(`{"meta":{},"data":{"error":{"message":"This email is already registered.","tag":"x"}}}`))
	var se *ServerError
	if err := statusError(400, body); !errors.As(err, &se) || se.Message != "This email is already registered." {
		t.Fatalf("a wrapped error: %v", err)
	}
}
