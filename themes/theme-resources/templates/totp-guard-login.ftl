<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('otp'); section>
<!-- template: totp-guard-login.ftl -->
    <#if section = "header">
        ${msg("totpGuardLoginTitle")}
    <#elseif section = "form">
        <form id="kc-totp-guard-login-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <#if totpGuard.devices?size gt 1>
                <fieldset class="${properties.kcFormGroupClass!}" id="totp-guard-devices">
                    <legend class="${properties.kcFormLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("totpGuardChooseDevice")}</span>
                    </legend>
                    <#list totpGuard.devices as device>
                        <div class="pf-v5-c-radio">
                            <input class="pf-v5-c-radio__input" type="radio" name="selectedCredentialId"
                                   id="totp-guard-device-${device?index}" value="${device.id}"
                                   <#if device.id == totpGuard.selectedCredentialId>checked</#if>/>
                            <label class="pf-v5-c-radio__label" for="totp-guard-device-${device?index}">${device.label!msg("totpGuardUnnamedDevice")}</label>
                        </div>
                    </#list>
                </fieldset>
            <#else>
                <input type="hidden" id="selectedCredentialId" name="selectedCredentialId" value="${totpGuard.selectedCredentialId}"/>
            </#if>

            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormGroupLabelClass!}">
                    <label for="otp" class="${properties.kcFormLabelClass!} ${properties.kcLabelClass!}">
                        <span class="${properties.kcFormLabelTextClass!}">${msg("totpGuardCodeLabel")}</span>
                    </label>
                </div>
                <span class="${properties.kcInputClass!} <#if messagesPerField.existsError('otp')>${properties.kcError!}</#if>">
                    <input id="otp" name="otp" type="text" autocomplete="one-time-code" inputmode="numeric"
                           pattern="[0-9]*" maxlength="${totpGuard.digits}" autofocus
                           aria-describedby="totp-guard-code-hint<#if messagesPerField.existsError('otp')> input-error-otp</#if>"
                           aria-invalid="<#if messagesPerField.existsError('otp')>true<#else>false</#if>"/>
                </span>
                <p id="totp-guard-code-hint" class="${properties.kcFormHelperTextClass!}">${msg("totpGuardCodeHint", totpGuard.digits)}</p>
                <#if messagesPerField.existsError('otp')>
                    <div class="${properties.kcFormHelperTextClass!}" aria-live="polite" role="alert">
                        <span id="input-error-otp" class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get('otp'))?no_esc}</span>
                    </div>
                </#if>
            </div>

            <div class="${properties.kcFormGroupClass!}">
                <div id="kc-form-buttons" class="${properties.kcFormActionGroupClass!}">
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                            name="login" id="kc-login" type="submit">${msg("doLogIn")}</button>
                </div>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
