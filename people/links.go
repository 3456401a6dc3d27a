package people

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"time"
)

// Why a relative's link code did not work.
var (
	ErrCodeInvalid = errors.New("no such link code")
	ErrCodeExpired = errors.New("link code expired")
	ErrCodeUsed    = errors.New("link code already used")
)

// codeAlphabet has no letters that read alike (0/o, 1/l/i), for codes read out on the phone.
const codeAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

const codeLen = 10

// NewLinkCode makes a one-time code with which a relative joins household (see UseLinkCode).
func NewLinkCode(ctx context.Context, tx *sql.Tx, household, by int64, now time.Time, ttl time.Duration) (string, error) {
	code, err := newCode()
	if err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO link_codes (code, household_id, created_by, expires_at) VALUES (?, ?, ?, ?)`,
		code, household, by, now.Add(ttl).UnixMilli())
	if err != nil {
		return "", fmt.Errorf("people: link code for %d: %w", household, err)
	}
	return code, nil
}

// UseLinkCode makes user a relative of the code's household and spends the code; linked says
// they were not one before (the household's residents are to be told). Someone who already acts
// for the household is let through without spending it.
func UseLinkCode(ctx context.Context, tx *sql.Tx, code string, user int64, now time.Time) (hh Household, linked bool, err error) {
	if len(code) != codeLen {
		return Household{}, false, fmt.Errorf("people: link code: %w", ErrCodeInvalid)
	}
	var household, expires int64
	var usedBy sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT household_id, expires_at, used_by FROM link_codes WHERE code = ?`, code).
		Scan(&household, &expires, &usedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return Household{}, false, fmt.Errorf("people: link code: %w", ErrCodeInvalid)
	}
	if err != nil {
		return Household{}, false, fmt.Errorf("people: link code: %w", err)
	}
	if ok, err := MayActFor(ctx, tx, user, household); err != nil || ok {
		if err != nil {
			return Household{}, false, err
		}
		hh, err = GetHousehold(ctx, tx, household)
		return hh, false, err
	}
	switch {
	case usedBy.Valid:
		return Household{}, false, fmt.Errorf("people: link code: %w", ErrCodeUsed)
	case now.UnixMilli() >= expires:
		return Household{}, false, fmt.Errorf("people: link code: %w", ErrCodeExpired)
	}
	res, err := tx.ExecContext(ctx, `UPDATE link_codes SET used_by = ?, used_at = ? WHERE code = ? AND used_by IS NULL`,
		user, now.UnixMilli(), code)
	if err != nil {
		return Household{}, false, fmt.Errorf("people: link code: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Household{}, false, fmt.Errorf("people: link code: %w", ErrCodeUsed)
	}
	if err := addMember(ctx, tx, household, user, RelRelative, now); err != nil {
		return Household{}, false, err
	}
	hh, err = GetHousehold(ctx, tx, household)
	return hh, err == nil, err
}

// newCode is a random one-time code of codeLen letters from codeAlphabet.
func newCode() (string, error) {
	return randomFrom(codeAlphabet, codeLen)
}

// randomFrom draws n letters of alphabet uniformly (rand.Int, not a biased byte modulo).
func randomFrom(alphabet string, n int) (string, error) {
	b := make([]byte, n)
	for i := range b {
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			return "", fmt.Errorf("people: code: %w", err)
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b), nil
}
