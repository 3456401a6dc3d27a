package playground

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"linli/telegramtest"
)

// Cast says who plays which part in the scripted demo.
type Cast struct {
	Resident, Volunteer, Admin int64
	Neighbour                  int64  // a second resident, who signs up for the group buy
	Zone                       string // zone key the volunteer is invited to, e.g. "a1"
	ZoneButton                 string // part of the zone's button label, e.g. "官北沟"
	Building, Room             string
}

// errDemoRunning is the answer to a second demo while one runs.
var errDemoRunning = errors.New("a demo is already running")

// startDemo is the page's demo button: the demo runs in the background, reporting on the page.
func (p *Playground) startDemo(url.Values) (any, error) {
	if !p.claimDemo() {
		return nil, errDemoRunning
	}
	p.Demos.Add(1)
	go func() {
		defer p.Demos.Done()
		defer p.releaseDemo()
		ctx, cancel := context.WithTimeout(p.ctx, 2*time.Minute)
		defer cancel()
		_ = p.runDemo(ctx)
	}()
	return map[string]string{"status": "started"}, nil
}

func (p *Playground) claimDemo() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.demo {
		return false
	}
	p.demo = true
	return true
}

func (p *Playground) releaseDemo() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.demo = false
}

// RunDemo walks register → order → claim → deliver → confirm → broadcast → a group buy from
// sign-up to the door (demo_groupbuy.go) by sending the inputs a
// person would, pausing Options.DemoPause between steps. It expects a fresh database (the demo
// resident registers, the volunteer joins) and returns at the first step whose answer does not
// come.
func (p *Playground) RunDemo(ctx context.Context) error {
	if !p.claimDemo() {
		return errDemoRunning
	}
	defer p.releaseDemo()
	ctx, cancel := context.WithCancel(ctx)
	defer context.AfterFunc(p.ctx, cancel)()
	defer cancel()
	return p.runDemo(ctx)
}

// DemoCast is the cast the demo uses: the first resident, volunteer and admin on the page.
func (p *Playground) DemoCast() Cast {
	c := Cast{Zone: "a1", ZoneButton: "官北沟", Building: "3号楼", Room: "2单元 301"}
	for _, who := range p.People() {
		switch {
		case who.Role == "resident" && c.Resident == 0:
			c.Resident = who.ID
		case who.Role == "resident" && c.Neighbour == 0:
			c.Neighbour = who.ID
		case who.Role == "volunteer" && c.Volunteer == 0:
			c.Volunteer = who.ID
		case who.Role == "admin" && c.Admin == 0:
			c.Admin = who.ID
		}
	}
	return c
}

var (
	orderID    = regexp.MustCompile(`#(\d+)`)
	inviteCode = regexp.MustCompile(`start=v_([A-Za-z0-9_-]+)`)
)

func (p *Playground) runDemo(ctx context.Context) (err error) {
	c := p.DemoCast()
	if len(p.ts.Messages(c.Resident)) > 0 || len(p.ts.Messages(c.Volunteer)) > 0 {
		// They have been used (an earlier demo, a visitor): the demo brings new people.
		n := p.nextID()
		c.Resident = p.addDemoPerson(fmt.Sprintf("居民%d", n), "resident")
		c.Volunteer = p.addDemoPerson(fmt.Sprintf("志愿者%d", n), "volunteer")
	}
	d := &demo{p: p, ctx: ctx}
	defer func() {
		if err != nil {
			p.status("Demo stopped: " + err.Error())
		} else {
			p.status("Demo finished: the whole loop, through the real bot.")
		}
	}()
	res, vol, adm := p.name(c.Resident), p.name(c.Volunteer), p.name(c.Admin)
	if c.Resident == 0 || c.Volunteer == 0 || c.Admin == 0 {
		return errors.New("the page needs a resident, a volunteer and an admin")
	}

	d.step("1/10 " + adm + " mirrors the queue in the group and invites " + vol + " to be a volunteer")
	if g := p.opts.Group.ID; g < 0 {
		after := d.lastBotID(g)
		if d.err == nil {
			p.ts.SendGroupText(g, c.Admin, "/bindqueue "+c.Zone)
		}
		d.wait(g, after, "")
		d.pause()
	}
	inv := d.say(c.Admin, "/invite "+c.Zone, "start=v_")
	m := inviteCode.FindStringSubmatch(inv.Text)
	if d.err == nil && m == nil {
		return fmt.Errorf("no invite code in %q", inv.Text)
	}
	if d.err == nil {
		d.say(c.Volunteer, "/start v_"+m[1], "")
	}

	d.step("2/10 " + res + " registers")
	d.say(c.Resident, "/start", "")
	d.press(c.Resident, c.Resident, "中文", "第 1 步")
	d.say(c.Resident, res, "第 2 步")
	d.contact(c.Resident, "第 3 步")
	d.press(c.Resident, c.Resident, c.ZoneButton, "第 4 步")
	d.say(c.Resident, c.Building, "第 5 步")
	d.say(c.Resident, c.Room, "第 6 步")
	d.press(c.Resident, c.Resident, "2", "第 7 步")
	d.press(c.Resident, c.Resident, "完成", res)
	d.press(c.Resident, c.Resident, "确认", "登记完成")

	d.step("3/10 " + res + " orders groceries")
	placed := d.say(c.Resident, "/order groceries 大米 5kg，鸡蛋一盒", "#")
	id := ""
	if mm := orderID.FindStringSubmatch(placed.Text); mm != nil {
		id = mm[1]
	} else if d.err == nil {
		return fmt.Errorf("no order number in %q", placed.Text)
	}

	d.step("4/10 " + vol + " claims order #" + id)
	d.say(c.Volunteer, "/queue", "#"+id)
	d.press(c.Volunteer, c.Volunteer, "认领 #"+id, "#"+id)

	d.step("5/10 " + vol + " delivers; " + res + " confirms")
	d.pressWait(c.Volunteer, c.Volunteer, "已送达 #"+id, c.Resident, "#"+id+" 已送达")
	d.pressEdit(c.Resident, "已收到 #"+id, "已确认收到 #"+id) // the notice becomes the rating question

	d.step("6/10 " + adm + " broadcasts a notice")
	d.sayWait(c.Admin, "/notice all 明天上午8点在小区东门发放蔬菜，请错峰领取。", c.Resident, "明天上午8点")
	second := c.Neighbour
	if second == 0 || len(p.ts.Messages(second)) > 0 {
		second = p.addDemoPerson(fmt.Sprintf("邻居%d", p.nextID()), "resident")
	}
	p.groupBuy(d, c, second)
	return d.err
}

func (p *Playground) name(id int64) string {
	who, _ := p.person(id)
	return who.Name
}

// demo runs the script's steps, stopping at the first error.
type demo struct {
	p   *Playground
	ctx context.Context
	err error
}

func (d *demo) step(title string) {
	if d.err != nil {
		return
	}
	d.p.status("Demo " + title)
	d.pause()
}

func (d *demo) pause() {
	if d.err != nil || d.p.opts.DemoPause <= 0 {
		return
	}
	select {
	case <-time.After(d.p.opts.DemoPause):
	case <-d.ctx.Done():
		d.err = d.ctx.Err()
	}
}

// lastBotID is the id of the bot's last message in chat (0 if none).
func (d *demo) lastBotID(chat int64) int {
	msgs := d.p.ts.BotMessages(chat)
	if len(msgs) == 0 {
		return 0
	}
	return msgs[len(msgs)-1].ID
}

// wait waits for a new bot message after id in chat whose text contains want.
func (d *demo) wait(chat int64, after int, want string) telegramtest.Message {
	if d.err != nil {
		return telegramtest.Message{}
	}
	ctx, cancel := context.WithTimeout(d.ctx, 20*time.Second)
	defer cancel()
	m, err := d.p.ts.WaitMessage(ctx, chat, func(m telegramtest.Message) bool {
		return m.ID > after && strings.Contains(m.Text+m.Caption, want)
	})
	if err != nil {
		d.err = fmt.Errorf("no answer containing %q in chat %d: %w", want, chat, err)
	}
	return m
}

func (d *demo) say(user int64, text, want string) telegramtest.Message {
	return d.sayWait(user, text, user, want)
}

// sayWait has user type text and waits for the bot's answer containing want in chat.
func (d *demo) sayWait(user int64, text string, chat int64, want string) telegramtest.Message {
	if d.err != nil {
		return telegramtest.Message{}
	}
	after := d.lastBotID(chat)
	d.p.ts.SendText(user, text)
	m := d.wait(chat, after, want)
	d.pause()
	return m
}

func (d *demo) contact(user int64, want string) {
	if d.err != nil {
		return
	}
	after := d.lastBotID(user)
	d.p.ts.SendContact(user, demoPhone(user))
	d.wait(user, after, want)
	d.pause()
}

func (d *demo) press(user, chat int64, label, want string) telegramtest.Message {
	return d.pressWait(user, chat, label, chat, want)
}

// pressWait presses the newest button in chat whose label is label (or contains it) and waits
// for a new bot message in answerChat containing want.
func (d *demo) pressWait(user, chat int64, label string, answerChat int64, want string) telegramtest.Message {
	if d.err != nil {
		return telegramtest.Message{}
	}
	msg, data := d.button(chat, label)
	if data == "" {
		d.err = fmt.Errorf("no button %q in chat %d", label, chat)
		return telegramtest.Message{}
	}
	after := d.lastBotID(answerChat)
	if _, err := d.p.ts.Press(user, chat, msg, data); err != nil {
		d.err = err
		return telegramtest.Message{}
	}
	m := d.wait(answerChat, after, want)
	d.pause()
	return m
}

// button finds the newest bot message in chat with a button labelled label (exactly, else one
// containing it), waiting a little for it to arrive.
func (d *demo) button(chat int64, label string) (int, string) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		msgs := d.p.ts.BotMessages(chat)
		for i := len(msgs) - 1; i >= 0; i-- {
			if msgs[i].ReplyMarkup == nil {
				continue
			}
			var loose string
			for _, row := range msgs[i].ReplyMarkup.InlineKeyboard {
				for _, b := range row {
					if b.CallbackData == "" {
						continue
					}
					if b.Text == label {
						return msgs[i].ID, b.CallbackData
					}
					if loose == "" && strings.Contains(b.Text, label) {
						loose = b.CallbackData
					}
				}
			}
			if loose != "" {
				return msgs[i].ID, loose
			}
		}
		if time.Now().After(deadline) || d.ctx.Err() != nil {
			return 0, ""
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *Playground) nextID() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.next
}

// addDemoPerson adds a phone for the demo and tells the open pages.
func (p *Playground) addDemoPerson(name, role string) int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	who := Person{ID: p.next, Name: name, Lang: "zh", Role: role}
	p.addLocked(who)
	p.broadcastLocked(sseEvent{Kind: "people", People: append([]Person(nil), p.ppl...)})
	return who.ID
}
