package molliesim

import "html/template"

// pages are the hosted checkout's HTML: plain, readable, and escaped by
// html/template since descriptions come from merchants.
var pages = template.Must(template.New("pages").Parse(`
{{define "head"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
.mode { display: inline-block; padding: .1rem .5rem; border: 2px solid #b35c00; color: #b35c00; font-weight: bold; }
.amount { font-size: 2rem; margin: .5rem 0; }
fieldset { margin: 1rem 0; }
label { display: block; margin: .3rem 0; }
button { font-size: 1.1rem; padding: .4rem 1.5rem; }
</style>
</head>
<body>
<p><span class="mode">{{.Mode}}</span> Simulated Mollie checkout</p>
{{end}}

{{define "pay"}}{{template "head" .}}
<h1>{{.Description}}</h1>
<p class="amount">{{.Amount}}</p>
<form method="post" action="{{.Action}}">
<fieldset>
<legend>Outcome</legend>
{{range .Outcomes}}<label><input type="radio" name="outcome" value="{{.Value}}"{{if .Selected}} checked{{end}}> {{.Label}}</label>
{{end}}</fieldset>
<fieldset>
<legend>Payment method</legend>
<select name="method">
{{range .Methods}}<option value="{{.Value}}"{{if .Selected}} selected{{end}}>{{.Label}}</option>
{{end}}</select>
</fieldset>
<button type="submit">Pay {{.Amount}}</button>
</form>
</body>
</html>
{{end}}

{{define "status"}}{{template "head" .}}
<h1>{{.Heading}}</h1>
{{if .Description}}<p>{{.Description}}</p>{{end}}
{{if .Amount}}<p class="amount">{{.Amount}}</p>{{end}}
{{if .PaymentID}}<p>Payment {{.PaymentID}}: <strong>{{.Status}}</strong></p>{{end}}
{{if .Message}}<p>{{.Message}}</p>{{end}}
{{if .ReturnURL}}<p><a href="{{.ReturnURL}}">Return to the shop</a></p>{{end}}
</body>
</html>
{{end}}
`))

// pageData feeds both templates; each uses what it needs.
type pageData struct {
	Title       string
	Mode        string // "TEST" or "LIVE", shown on every page
	Heading     string
	Description string
	Amount      string
	Action      string
	Outcomes    []choice
	Methods     []choice
	PaymentID   string
	Status      string
	Message     string
	ReturnURL   string
}

type choice struct {
	Value    string
	Label    string
	Selected bool
}

var outcomeLabels = []choice{
	{Value: statusPaid, Label: "Paid", Selected: true},
	{Value: statusFailed, Label: "Failed"},
	{Value: statusCanceled, Label: "Canceled"},
	{Value: statusExpired, Label: "Expired"},
	{Value: statusPending, Label: "Pending, then paid later"},
	{Value: statusAuthorized, Label: "Authorized"},
}

var methodLabels = map[string]string{
	"ideal": "iDEAL", "creditcard": "Credit card", "banktransfer": "Bank transfer",
	"paypal": "PayPal", "bancontact": "Bancontact",
}
