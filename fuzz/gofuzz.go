//go:build gofuzz

package fuzz

// The go-fuzz entry points: go tool go-fuzz-build -func FuzzXxx builds one.
// Each returns the body's score, and panics with the body's error, which is
// how go-fuzz learns of a crasher.

func gofuzz(score int, err error) int {
	if err != nil {
		panic(err)
	}
	return score
}

// FuzzResponses runs Responses.
func FuzzResponses(data []byte) int { return gofuzz(Responses(data)) }

// FuzzCommands runs Commands.
func FuzzCommands(data []byte) int { return gofuzz(Commands(data)) }

// FuzzStreamSplit runs StreamSplit.
func FuzzStreamSplit(data []byte) int { return gofuzz(StreamSplit(data)) }

// FuzzRoundTrip runs RoundTrip.
func FuzzRoundTrip(data []byte) int { return gofuzz(RoundTrip(data)) }

// FuzzDifferential runs Differential.
func FuzzDifferential(data []byte) int { return gofuzz(Differential(data)) }

// FuzzLimits runs Limits.
func FuzzLimits(data []byte) int { return gofuzz(Limits(data)) }

// FuzzSeqBatch runs SeqBatch.
func FuzzSeqBatch(data []byte) int { return gofuzz(SeqBatch(data)) }
