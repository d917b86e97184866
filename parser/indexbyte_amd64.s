//go:build amd64 && !purego

#include "textflag.h"

// func indexByteAVX2(b []byte, c byte) int
//
// The index of the first c in b, or -1, for a b whose length is a
// multiple of 128 (indexByteWide's; it reads b[0:len(b)] and nothing
// else). Each step compares 128 octets, four 32-octet loads, with the
// broadcast c and ors the four results into one flag test: about eleven
// instructions for 128 octets where bytes.IndexByte spends seven on 32.
// Only the block that holds a c is looked at octet by octet, through
// the four masks.
//
// Registers: SI the block, DX the end of b, DI b's start (for the
// index), Y0 c in every octet, Y1-Y4 the four compares, Y5-Y6 their or.
TEXT ·indexByteAVX2(SB), NOSPLIT, $0-40
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), CX
	MOVBLZX c+24(FP), AX
	MOVQ SI, DI
	ANDQ $~127, CX // (whole blocks only, whatever the caller passes)
	LEAQ (SI)(CX*1), DX
	CMPQ SI, DX
	JEQ none
	MOVQ AX, X0
	VPBROADCASTB X0, Y0

loop:
	VPCMPEQB (SI), Y0, Y1
	VPCMPEQB 32(SI), Y0, Y2
	VPCMPEQB 64(SI), Y0, Y3
	VPCMPEQB 96(SI), Y0, Y4
	VPOR Y1, Y2, Y5
	VPOR Y3, Y4, Y6
	VPOR Y5, Y6, Y5
	VPTEST Y5, Y5
	JNZ found
	ADDQ $128, SI
	CMPQ SI, DX
	JNE loop
	VZEROUPPER

none:
	MOVQ $-1, ret+32(FP)
	RET

found:
	// The first 64 octets' mask, or if it is empty the last 64's; the
	// lowest bit set is the first c.
	VPMOVMSKB Y1, AX
	VPMOVMSKB Y2, BX
	SHLQ $32, BX
	ORQ BX, AX
	JNZ low
	VPMOVMSKB Y3, AX
	VPMOVMSKB Y4, BX
	SHLQ $32, BX
	ORQ BX, AX
	ADDQ $64, SI

low:
	VZEROUPPER
	TZCNTQ AX, AX
	SUBQ DI, SI
	ADDQ SI, AX
	MOVQ AX, ret+32(FP)
	RET
