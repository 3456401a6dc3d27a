package telegramtest

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSendDocument_MultipartUploadIsStoredAndReusableByFileID(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 1})
	b := newBot(t, s)
	ctx := context.Background()
	csv := []byte("order,status\n7,delivered\n")
	msg, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: 1, Caption: "<b>Export</b>", ParseMode: models.ParseModeHTML,
		Document: &models.InputFileUpload{Filename: "orders.csv", Data: bytes.NewReader(csv)}})
	if err != nil {
		t.Fatal(err)
	}
	if msg.Document == nil || msg.Document.FileName != "orders.csv" || msg.Document.FileSize != int64(len(csv)) || msg.Caption != "Export" {
		t.Fatalf("result %+v", msg)
	}
	got := s.BotMessages(1)[0]
	if !bytes.Equal(got.Document.Data, csv) || got.Caption != "Export" || len(got.Entities) != 1 {
		t.Fatalf("stored %+v", got)
	}
	if _, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: 1, Document: &models.InputFileString{Data: msg.Document.FileID}}); err != nil {
		t.Fatal(err)
	}
	_, err = b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: 1, Document: &models.InputFileString{Data: "no-such-file"}})
	if err == nil || !strings.HasSuffix(err.Error(), "Bad Request: wrong file identifier/HTTP URL specified") {
		t.Fatalf("unknown file_id: %v", err)
	}
}

func TestSendDocument_CaptionLimitIs1024AfterParsing(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 1})
	b := newBot(t, s)
	doc := func(caption string) error {
		_, err := b.SendDocument(context.Background(), &bot.SendDocumentParams{ChatID: 1, Caption: caption, ParseMode: models.ParseModeHTML,
			Document: &models.InputFileUpload{Filename: "a.txt", Data: strings.NewReader("a")}})
		return err
	}
	if err := doc("<i>" + strings.Repeat("字", 1024) + "</i>"); err != nil {
		t.Fatal(err)
	}
	if err := doc(strings.Repeat("字", 1025)); err == nil || !strings.HasSuffix(err.Error(), "Bad Request: message caption is too long") {
		t.Fatalf("got %v", err)
	}
	wantError(t, callJSON(t, s, "sendDocument", map[string]any{"chat_id": 1}), 400, "Bad Request: there is no document in the request")
}

func TestSendPhoto_NeedsARealImage(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 1})
	b := newBot(t, s)
	ctx := context.Background()
	msg, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: 1, Photo: &models.InputFileUpload{Filename: "map.png", Data: bytes.NewReader(pngBytes(t, 40, 30))}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(msg.Photo); n == 0 || msg.Photo[n-1].Width != 40 || s.BotMessages(1)[0].Photo.Height != 30 {
		t.Fatalf("result %+v", msg.Photo)
	}
	_, err = b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: 1, Photo: &models.InputFileUpload{Filename: "x.png", Data: strings.NewReader("not an image")}})
	if err == nil || !strings.HasSuffix(err.Error(), "Bad Request: IMAGE_PROCESS_FAILED") {
		t.Fatalf("got %v", err)
	}
	_, err = b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: 1, Photo: &models.InputFileUpload{Filename: "x.png", Data: bytes.NewReader(pngBytes(t, 420, 20))}})
	if err == nil || !strings.HasSuffix(err.Error(), "Bad Request: PHOTO_INVALID_DIMENSIONS") {
		t.Fatalf("got %v", err)
	}
	_, err = b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: 1, Document: &models.InputFileString{Data: msg.Photo[len(msg.Photo)-1].FileID}})
	if err == nil || !strings.HasSuffix(err.Error(), "Bad Request: type of file mismatch") {
		t.Fatalf("photo as document: %v", err)
	}
}

func TestUserMessages_ContactStickerPhotoAndGroups(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(User{ID: 2, FirstName: "Wang"})
	s.AddGroup(-1001, "Zone A volunteers")
	s.SendContact(2, "+8613800000000")
	s.SendSticker(2)
	s.SendPhoto(2, "receipt")
	s.SendGroupText(-1001, 2, "/claim@linli_test_bot 7")
	upds, _ := getUpdates(t, s, 0)
	if len(upds) != 4 {
		t.Fatalf("%d updates", len(upds))
	}
	c := upds[0].Message.Contact
	if c == nil || c.UserID != 2 || c.PhoneNumber != "+8613800000000" || upds[1].Message.Sticker == nil ||
		len(upds[2].Message.Photo) == 0 || upds[2].Message.Caption != "receipt" {
		t.Fatalf("updates %+v %+v %+v", upds[0].Message, upds[1].Message, upds[2].Message)
	}
	g := upds[3].Message
	if g.Chat.ID != -1001 || g.Chat.Type != models.ChatTypeSupergroup || g.Chat.Title != "Zone A volunteers" || g.From.ID != 2 || len(g.Entities) != 1 {
		t.Fatalf("group message %+v", g)
	}
	if got := s.Messages(2); len(got) != 3 || got[0].Contact == nil {
		t.Fatalf("chat %+v", got)
	}
}
