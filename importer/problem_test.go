package importer

import "testing"

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "file.csv", Line: 7, Field: "total", Message: `"12,3,4" is wrong`}, `file.csv:7: total: "12,3,4" is wrong`},
		{Problem{File: "file.csv", Line: 3, Message: "has 4 fields"}, "file.csv:3: has 4 fields"},
		{Problem{File: "gone.csv", Message: "cannot be read: no such file or directory"}, "gone.csv: cannot be read: no such file or directory"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestErrorListsEveryProblem(t *testing.T) {
	one := &Error{Problems: []Problem{{File: "a.csv", Line: 2, Field: "number", Message: "is empty"}}}
	if got, want := one.Error(), "nothing was imported: 1 problem\na.csv:2: number: is empty"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	three := &Error{Problems: []Problem{
		{File: "a.csv", Line: 2, Field: "number", Message: "is empty"},
		{File: "a.csv", Line: 5, Field: "total", Message: "is empty"},
		{File: "b.xml", Line: 1, Message: "is not well-formed XML"},
	}}
	want := "nothing was imported: 3 problems\na.csv:2: number: is empty\na.csv:5: total: is empty\nb.xml:1: is not well-formed XML"
	if got := three.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
