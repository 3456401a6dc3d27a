package playground

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

var batchID = regexp.MustCompile(`B(\d+)`)

// groupBuy is the demo's second act: the admin (as organiser) starts a group buy, the demo
// resident and a neighbour sign up, the round is closed early (as the cut-off would), the
// volunteer claims the building's batch and ticks both households off, and they confirm.
func (p *Playground) groupBuy(d *demo, c Cast, second int64) {
	res, vol, adm := p.name(c.Resident), p.name(c.Volunteer), p.name(c.Admin)
	nb := p.name(second)
	cutoff := time.Now().Add(24*time.Hour).Format("2006-01-02") + " 18:00"

	d.step("7/10 " + adm + " starts a group buy (团购接龙) for zone " + c.Zone)
	created := d.say(c.Admin, "/round groupbuy zone:"+c.Zone+" "+cutoff+" 周二蔬菜团购; 蔬菜包 ¥39/份 max 2 stock 50; 鸡蛋 ¥15/盒 max 3", "已发布")
	round := ""
	if m := roundID.FindStringSubmatch(created.Text); m != nil {
		round = "R" + m[1]
	} else if d.err == nil {
		d.err = fmt.Errorf("no round id in %q", created.Text)
	}

	d.step("8/10 " + res + " and " + nb + " sign up")
	d.say(second, fmt.Sprintf("/register %s; %s; 139%08d; %s %s", c.Zone, nb, second%1e8, c.Building, "2单元 302"), "")
	d.press(c.Resident, c.Resident, "报名 "+round, "应付团长合计")
	d.pressEdit(c.Resident, "1. 蔬菜包", "要几份")
	d.pressEdit(c.Resident, "1", "蔬菜包 × 1")
	d.say(second, "/buy "+round+" 1x2 2x1", "¥")

	d.step("9/10 " + adm + " closes " + round + ": supplier totals, pick lists, one batch for " + c.Building)
	d.say(c.Admin, "/closeround "+round, "现在就截单")
	d.pressEdit(c.Admin, "确定截单 "+round, "已截单")
	queue := d.say(c.Volunteer, "/queue supplies", "B")
	batch := ""
	if m := batchID.FindStringSubmatch(queue.Text); m != nil {
		batch = "B" + m[1]
	} else if d.err == nil {
		d.err = fmt.Errorf("no batch in %q", queue.Text)
	}

	d.step("10/10 " + vol + " claims " + batch + ", ticks both households off; they confirm")
	d.press(c.Volunteer, c.Volunteer, "认领 "+batch, c.Building)
	d.pressWait(c.Volunteer, c.Volunteer, "✅ "+c.Room, c.Resident, "已送到门口")
	d.waitEdited(c.Volunteer, "已送1")
	d.pressWait(c.Volunteer, c.Volunteer, "✅ 2单元 302", second, "📦")
	d.press(c.Resident, c.Resident, round, "已确认收到") // "✅ 收到了（R1）"
	d.press(second, second, round, "✅")
}

var roundID = regexp.MustCompile(`R(\d+)`)

// pressEdit presses the newest button labelled label in user's chat, whose answer edits that
// message in place, and waits until its text contains want.
func (d *demo) pressEdit(user int64, label, want string) {
	if d.err != nil {
		return
	}
	msg, data := d.button(user, label)
	if data == "" {
		d.err = fmt.Errorf("no button %q in chat %d", label, user)
		return
	}
	if _, err := d.p.ts.Press(user, user, msg, data); err != nil {
		d.err = err
		return
	}
	d.editedTo(user, msg, want)
	d.pause()
}

// waitEdited waits until the newest message of chat with buttons says want.
func (d *demo) waitEdited(chat int64, want string) {
	if d.err != nil {
		return
	}
	if msg, _ := d.button(chat, ""); msg != 0 {
		d.editedTo(chat, msg, want)
	}
}

// editedTo waits until message id of chat contains want.
func (d *demo) editedTo(chat int64, id int, want string) {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) && d.ctx.Err() == nil {
		for _, m := range d.p.ts.BotMessages(chat) {
			if m.ID == id && strings.Contains(m.Text, want) {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	d.err = fmt.Errorf("message %d in chat %d never said %q", id, chat, want)
}
