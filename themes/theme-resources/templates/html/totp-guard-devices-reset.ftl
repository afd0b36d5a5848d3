<#import "template.ftl" as layout>
<#import "totp-guard-mail.ftl" as mail>
<@layout.emailLayout>
<p>${msg("totpGuardMailDevicesReset")}</p>
<@mail.details/>
<p><strong>${msg("totpGuardMailNotYouReset")}</strong></p>
<@mail.footer/>
</@layout.emailLayout>
