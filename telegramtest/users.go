package telegramtest

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// User is a Telegram user the tests act as.
type User struct {
	ID                                          int64
	FirstName, LastName, Username, LanguageCode string
}

// model is the user as the Bot API describes it.
func (u *User) model() models.User {
	return models.User{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username, LanguageCode: u.LanguageCode}
}

// chat is a private chat with a user, a supergroup the bot is in, or a channel it posts to.
type chat struct {
	id      int64
	user    *User // private chats
	title   string
	channel string // a channel's public username, without the @; "" for other chats
	blocked bool
	msgs    []*Message
	nextID  int
}

func (c *chat) private() bool { return c.user != nil }

// model is the chat as the Bot API describes it.
func (c *chat) model() models.Chat {
	if c.user != nil {
		return models.Chat{ID: c.id, Type: models.ChatTypePrivate, FirstName: c.user.FirstName, LastName: c.user.LastName, Username: c.user.Username}
	}
	if c.channel != "" {
		return models.Chat{ID: c.id, Type: models.ChatTypeChannel, Title: c.title, Username: c.channel}
	}
	return models.Chat{ID: c.id, Type: models.ChatTypeSupergroup, Title: c.title}
}

// AddUser registers u and the private chat with the bot it opened by pressing Start. Adding a
// known user again updates its names. A zero FirstName becomes "User <id>".
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addUserLocked(u)
}

func (s *Server) addUserLocked(u User) *User {
	if u.FirstName == "" {
		u.FirstName = fmt.Sprintf("User %d", u.ID)
	}
	if old, ok := s.users[u.ID]; ok {
		*old = u
	} else {
		s.users[u.ID] = &u
	}
	if _, ok := s.chats[u.ID]; !ok {
		s.chats[u.ID] = &chat{id: u.ID, user: s.users[u.ID], nextID: 1}
	}
	return s.users[u.ID]
}

// Users returns every known user, by id.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, 0, len(s.users))
	for _, u := range s.users {
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b User) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// user returns a known user, registering an unknown one (it wrote to the bot, so it exists).
func (s *Server) user(id int64) *User {
	if u, ok := s.users[id]; ok {
		return u
	}
	return s.addUserLocked(User{ID: id})
}

// AddGroup adds a supergroup with the bot as a member (and administrator). chatID must be
// negative, as Telegram's group ids are (e.g. -1001234567890).
func (s *Server) AddGroup(chatID int64, title string) {
	if chatID >= 0 {
		panic(fmt.Sprintf("telegramtest: AddGroup(%d): group ids are negative", chatID))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groupLocked(chatID, title)
}

func (s *Server) groupLocked(chatID int64, title string) *chat {
	c, ok := s.chats[chatID]
	if !ok {
		c = &chat{id: chatID, nextID: 1}
		s.chats[chatID] = c
	}
	switch {
	case title != "":
		c.title = title
	case c.title == "":
		c.title = fmt.Sprintf("Group %d", chatID)
	}
	return c
}

// AddChannel adds a public channel @username with the bot as an administrator that may post:
// the bot may then send to chat_id "@username" (or chatID, negative). Channel posts count
// against the global limits and, as a group's messages do, 20 a minute.
func (s *Server) AddChannel(chatID int64, username, title string) {
	if chatID >= 0 {
		panic(fmt.Sprintf("telegramtest: AddChannel(%d): channel ids are negative", chatID))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groupLocked(chatID, title).channel = strings.TrimPrefix(username, "@")
}

// Block makes userID block the bot: sends and edits to its chat answer 403 "Forbidden: bot was
// blocked by the user", and a my_chat_member update (status "kicked") is queued, as Telegram does.
func (s *Server) Block(userID int64) { s.setBlocked(userID, true) }

// Unblock lifts Block and queues a my_chat_member update with status "member".
func (s *Server) Unblock(userID int64) { s.setBlocked(userID, false) }

func (s *Server) setBlocked(userID int64, blocked bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.user(userID)
	c := s.chats[userID]
	if c.blocked == blocked {
		return
	}
	c.blocked = blocked
	me := s.botUser()
	oldM, newM := member(&me, models.ChatMemberTypeMember), member(&me, models.ChatMemberTypeBanned)
	if !blocked {
		oldM, newM = newM, oldM
	}
	s.push(models.Update{MyChatMember: &models.ChatMemberUpdated{
		Chat: c.model(), From: u.model(), Date: int(s.now().Unix()), OldChatMember: oldM, NewChatMember: newM,
	}})
}

func member(u *models.User, t models.ChatMemberType) models.ChatMember {
	if t == models.ChatMemberTypeBanned {
		return models.ChatMember{Type: t, Banned: &models.ChatMemberBanned{Status: t, User: u}}
	}
	return models.ChatMember{Type: t, Member: &models.ChatMemberMember{Status: t, User: u}}
}

// botUser is the bot as getMe describes it.
func (s *Server) botUser() models.User {
	return models.User{ID: s.opts.BotID, IsBot: true, FirstName: "Linli Test Bot", Username: s.opts.BotUsername,
		CanJoinGroups: true}
}

// targetChat resolves chat_id to a chat the bot may write to.
func (s *Server) targetChat(p *params) (*chat, *apiError) {
	raw := strings.TrimSpace(p.get("chat_id"))
	if raw == "" {
		return nil, badRequest("chat_id is empty")
	}
	if name, ok := strings.CutPrefix(raw, "@"); ok {
		for _, c := range s.chats {
			if c.channel != "" && strings.EqualFold(c.channel, name) {
				return c, nil
			}
		}
		return nil, badRequest("chat not found")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, badRequest("chat not found")
	}
	c, ok := s.chats[id]
	if !ok {
		return nil, badRequest("chat not found")
	}
	if c.blocked {
		return nil, forbidden("bot was blocked by the user")
	}
	return c, nil
}
